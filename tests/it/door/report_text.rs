//! Issue 11, what a fresh user found in the report: part 四's sub-sections numbered as they
//! stand, a qualitative row assessed by tier showing that tier as its 实现值 in the body as in
//! the 自评表, and an unrecorded 项目实施依据 said to be unrecorded.

use super::{project_2024, run, Lang};
use crate::support::line;

#[test]
fn the_report_numbers_what_it_holds_and_says_what_is_unrecorded() {
    let jx = project_2024();
    let mut lines = line(
        "indicator.defined",
        "p",
        "2024-01-05",
        serde_json::json!({"id": "b1", "level1": "效益指标", "level2": "社会效益指标",
                           "name": "知识产权意识", "target": "进一步提高"}),
    );
    lines += &line(
        "indicator.assessed",
        "p",
        "2024-12-31",
        serde_json::json!({"id": "b1", "tier": "部分达成", "score_ratio": "0.7"}),
    );
    jx.import(&lines);
    // (format, what the report holds, what it must not)
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "md",
            &[
                "### （一）资金投入情况",
                "### （二）绩效目标完成情况",
                "**2. 项目实施依据**\n\n（未记录）\n",
                "| 效益指标 | 社会效益指标 | 知识产权意识 | 进一步提高 | 部分达成 |",
            ],
            &["（三）绩效目标完成情况", "| 进一步提高 | — |"],
        ),
        (
            "html",
            &[
                "<h3>（二）绩效目标完成情况</h3>",
                "<h4>2. 项目实施依据</h4>\n<p>（未记录）</p>",
                "<td>进一步提高</td><td>部分达成</td></tr>",
            ],
            &["（三）绩效目标完成情况", "<td>进一步提高</td><td>—</td>"],
        ),
    ];
    for (format, has, lacks) in cases {
        let (code, out, err) = run(&jx, Lang::En, &["report", "p", "--format", format]);
        assert_eq!(code, 0, "{err}");
        for n in *has {
            assert!(out.contains(n), "{format} lacks {n:?}:\n{out}");
        }
        for n in *lacks {
            assert!(!out.contains(n), "{format} has {n:?}");
        }
    }
}
