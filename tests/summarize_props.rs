//! Property tests of the extractive summariser: whatever the article, the summary keeps its
//! promises (length, exact quotes, article order, no headings / boilerplate / duplicates).

use newsdesk::summarize::{Length, Summarizer, Summary};
use newsdesk::text::Analyzer;
use proptest::prelude::*;

fn summarize(text: &str, length: Length) -> (Summary, newsdesk::text::Analysis) {
    let doc = Analyzer::default().analyze(text);
    let s = Summarizer::default().summarize(text, &doc, length, None);
    (s, doc)
}

const EN: &[&str] = &[
    "minister",
    "talks",
    "border",
    "sanctions",
    "army",
    "rebels",
    "Geneva",
    "oil",
    "the",
    "of",
    "and",
    "said",
    "on",
    "agreement",
    "troops",
    "envoy",
    "U.S.",
    "3.5",
    "Mr.",
    "(Reuters)",
    "\"we",
    "will\"",
    "prices",
    "election",
];
const AR: &[&str] = &[
    "الوزير",
    "المحادثات",
    "الحدود",
    "العقوبات",
    "الجيش",
    "في",
    "من",
    "على",
    "وقال",
    "النفط",
    "«الاتفاق»",
    "د.",
    "الأمم",
    "المتحدة",
    "الانتخابات",
    "أن",
    "إلى",
    "اللقاء",
    "(وكالات)",
    "الأسعار",
];

/// One line of an article: prose sentences, a heading, a link line, a fragment or a dateline.
fn line() -> impl Strategy<Value = String> {
    let words = |pool: &'static [&'static str], lo: usize, hi: usize| {
        prop::collection::vec(prop::sample::select(pool), lo..hi).prop_map(|w| w.join(" "))
    };
    let end = prop::sample::select(vec![".", "!", "?", "؟", "...", "", ",", "."]);
    let sentence = prop_oneof![words(EN, 1, 30), words(AR, 1, 30)];
    prop_oneof![
        6 => prop::collection::vec((sentence, end), 1..5)
            .prop_map(|ss| ss.into_iter().map(|(s, e)| format!("{s}{e}")).collect::<Vec<_>>().join(" ")),
        1 => words(EN, 1, 6),
        1 => words(AR, 1, 6).prop_map(|w| format!("اقرأ أيضا {w}")),
        1 => words(EN, 1, 6).prop_map(|w| format!("Read more: {w}")),
        1 => Just("CAIRO, March 3 (Reuters) -".to_string()),
        1 => Just(String::new()),
    ]
}

/// An article: lines joined by one of the line breaks the splitter knows, lines sometimes
/// repeated (near-duplicates), with stray white space.
fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(line(), 0..14),
        prop::collection::vec(0usize..14, 0..4),
        prop::sample::select(vec!["\n", "\n\n", "\r\n", " \n  "]),
    )
        .prop_map(|(mut lines, repeats, sep)| {
            for r in repeats {
                if let Some(l) = lines.get(r % lines.len().max(1)).cloned() {
                    lines.push(l);
                }
            }
            lines.join(sep)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn promises_hold_on_generated_articles(text in article(), k in 0usize..8) {
        let (s, doc) = summarize(&text, Length::Sentences(k));
        // Never more than asked, nor than the article has.
        prop_assert!(s.sentences.len() <= k);
        prop_assert!(s.sentences.len() <= doc.sentences.len());
        for p in &s.sentences {
            // Quoted exactly, by byte offsets, from a prose unit of the article.
            prop_assert_eq!(text.get(p.start..p.end), Some(p.text.as_str()));
            let unit = doc.sentences[p.index];
            prop_assert_eq!((unit.start, unit.end), (p.start, p.end));
            prop_assert!(unit.is_prose(), "heading or boilerplate chosen: {:?}", p.text);
            prop_assert!(p.text.split_whitespace().count() >= 4, "fragment chosen: {:?}", p.text);
            prop_assert!(!p.text.trim_end().ends_with('-'), "dateline chosen: {:?}", p.text);
        }
        // In article order, each unit at most once.
        prop_assert!(s.sentences.windows(2).all(|w| w[0].index < w[1].index && w[0].end <= w[1].start));
        // An exact repeat of a chosen sentence is never chosen too.
        for (i, a) in s.sentences.iter().enumerate() {
            prop_assert!(s.sentences[i + 1..].iter().all(|b| b.text != a.text), "duplicate chosen: {:?}", a.text);
        }
        let joined = s.sentences.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(&s.summary, &joined);
        // Deterministic.
        prop_assert_eq!(summarize(&text, Length::Sentences(k)).0, s);
    }

    #[test]
    fn any_text_is_summarised_without_panicking(text in any::<String>(), k in 0usize..5) {
        let (s, doc) = summarize(&text, Length::Sentences(k));
        prop_assert!(s.sentences.len() <= k.min(doc.sentences.len()));
        for p in &s.sentences {
            prop_assert_eq!(text.get(p.start..p.end), Some(p.text.as_str()));
        }
        prop_assert!(s.sentences.windows(2).all(|w| w[0].index < w[1].index));
    }

    #[test]
    fn ratio_picks_at_least_one_of_a_real_article(text in article(), r in 0.01f32..=1.0) {
        let (s, doc) = summarize(&text, Length::Ratio(r));
        let n = doc.sentences.len();
        prop_assert!(s.sentences.len() <= n);
        let prose = doc.sentences.iter().filter(|u| u.is_prose() && u.text(&text).split_whitespace().count() >= 8).count();
        if prose > 0 {
            prop_assert!(!s.sentences.is_empty());
        }
    }

    #[test]
    fn one_sentence_article_gives_that_sentence(
        words in prop::collection::vec(prop::sample::select(EN), 6..20),
        pad in "[ \n\t]{0,3}",
        k in 1usize..6,
    ) {
        // Capitalised first word and no inner terminal: exactly one sentence.
        let body = words.iter().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).filter(|w| !w.is_empty())
            .collect::<Vec<_>>().join(" ");
        prop_assume!(body.split_whitespace().count() >= 4);
        let sentence = format!("Officials {body}.");
        let text = format!("{pad}{sentence}{pad}");
        let (s, _) = summarize(&text, Length::Sentences(k));
        prop_assert_eq!(s.sentences.len(), 1);
        prop_assert_eq!(&s.summary, &sentence);
    }

    #[test]
    fn blank_article_gives_empty_summary(text in "[ \n\t\r]{0,12}", k in 0usize..6) {
        prop_assert_eq!(summarize(&text, Length::Sentences(k)).0, Summary::default());
    }
}
