//! Page selections: `"3"`, `"1-3"`, `"1-3,5"`, `"last"`, `"2-last"`,
//! `"r2-last"` (the last two pages: `rN` counts from the end, as qpdf does).
//! Stored as that text; numbered from 1.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Most items in one selection.
const MAX_ITEMS: usize = 100;

/// A page number, the last page whatever it is, or the Nth from the end
/// (`FromLast(1)` is the last page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageNo {
    Nth(u32),
    Last,
    FromLast(u32),
}

/// Some pages of a document, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pages(Vec<(PageNo, PageNo)>);

impl Pages {
    /// One page.
    pub fn one(n: PageNo) -> Pages {
        Pages(vec![(n, n)])
    }

    /// Pages `a` to `b`.
    pub fn span(a: PageNo, b: PageNo) -> Pages {
        Pages(vec![(a, b)])
    }

    /// Several selections, one after the other.
    pub fn join(parts: Vec<Pages>) -> Pages {
        Pages(parts.into_iter().flat_map(|p| p.0).collect())
    }

    /// The page numbers meant in a document of `total` pages.
    pub fn resolve(&self, total: u32) -> Result<Vec<u32>, String> {
        let at = |n: PageNo| match n {
            PageNo::Nth(k) => k,
            PageNo::Last => total,
            PageNo::FromLast(k) => (total + 1).saturating_sub(k),
        };
        let mut out = Vec::new();
        for &(a, b) in &self.0 {
            for n in [a, b] {
                if let PageNo::FromLast(k) = n {
                    if k > total {
                        return Err(format!(
                            "there are no {k} pages from the end: the document has {total} page{}",
                            if total == 1 { "" } else { "s" }
                        ));
                    }
                }
            }
            let (a, b) = (at(a), at(b));
            for k in [a, b] {
                if k == 0 || k > total {
                    return Err(format!(
                        "page {k} does not exist: the document has {total} page{}",
                        if total == 1 { "" } else { "s" }
                    ));
                }
            }
            if a > b {
                out.extend((b..=a).rev());
            } else {
                out.extend(a..=b);
            }
        }
        Ok(out)
    }

    /// How many pages, if it does not depend on the document.
    pub fn count_known(&self) -> Option<u32> {
        let from_end = |p: PageNo| match p {
            PageNo::Last => Some(1),
            PageNo::FromLast(k) => Some(k),
            PageNo::Nth(_) => None,
        };
        self.0.iter().try_fold(0u32, |n, &(a, b)| match (a, b) {
            (PageNo::Nth(a), PageNo::Nth(b)) => Some(n + a.abs_diff(b) + 1),
            _ => Some(n + from_end(a)?.abs_diff(from_end(b)?) + 1),
        })
    }

    /// The selection as `qpdf --pages` reads it (`1-3,5,z`).
    pub fn qpdf(&self) -> String {
        let w = |n: PageNo| match n {
            PageNo::Nth(k) => k.to_string(),
            PageNo::Last => "z".into(),
            PageNo::FromLast(k) => format!("r{k}"),
        };
        self.items(w)
    }

    /// The selection in words, for descriptions: "1-3, the last 2".
    pub fn said(&self) -> String {
        self.0
            .iter()
            .map(|&(a, b)| match (a, b) {
                (PageNo::FromLast(k), PageNo::Last) => format!("the last {k}"),
                _ => Pages(vec![(a, b)]).to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn items(&self, w: impl Fn(PageNo) -> String) -> String {
        self.0
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    w(a)
                } else {
                    format!("{}-{}", w(a), w(b))
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl fmt::Display for Pages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = |n: PageNo| match n {
            PageNo::Nth(k) => k.to_string(),
            PageNo::Last => "last".into(),
            PageNo::FromLast(k) => format!("r{k}"),
        };
        f.write_str(&self.items(w))
    }
}

impl From<Pages> for String {
    fn from(p: Pages) -> String {
        p.to_string()
    }
}

impl TryFrom<String> for Pages {
    type Error = String;

    fn try_from(s: String) -> Result<Pages, String> {
        s.parse()
    }
}

impl std::str::FromStr for Pages {
    type Err = String;

    fn from_str(s: &str) -> Result<Pages, String> {
        let bad = || format!("\"{s}\" is not a page selection (e.g. \"1-3,5\" or \"last\")");
        let no = |t: &str| -> Result<PageNo, String> {
            match t.trim() {
                "last" | "z" => Ok(PageNo::Last),
                t if t.starts_with('r') => match t[1..].parse::<u32>() {
                    Ok(k) if k >= 1 => Ok(PageNo::FromLast(k)),
                    _ => Err(bad()),
                },
                t => match t.parse::<u32>() {
                    Ok(k) if k >= 1 => Ok(PageNo::Nth(k)),
                    _ => Err(bad()),
                },
            }
        };
        let mut items = Vec::new();
        for part in s.split(',') {
            let item = match part.split_once('-') {
                Some((a, b)) => (no(a)?, no(b)?),
                None => {
                    let n = no(part)?;
                    (n, n)
                }
            };
            items.push(item);
        }
        if items.len() > MAX_ITEMS {
            return Err(format!("at most {MAX_ITEMS} page ranges"));
        }
        Ok(Pages(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_read_and_resolve() {
        let p: Pages = "1-3,5,last".parse().unwrap();
        assert_eq!(p.to_string(), "1-3,5,last");
        assert_eq!(p.qpdf(), "1-3,5,z");
        assert_eq!(p.resolve(6).unwrap(), vec![1, 2, 3, 5, 6]);
        assert!(p.resolve(4).is_err());
        assert_eq!(p.count_known(), Some(5));
        assert_eq!("2-last".parse::<Pages>().unwrap().count_known(), None);
        assert_eq!("2-4".parse::<Pages>().unwrap().count_known(), Some(3));
        assert_eq!(
            "3-1".parse::<Pages>().unwrap().resolve(3).unwrap(),
            vec![3, 2, 1]
        );
        let end: Pages = "r2-last".parse().unwrap();
        assert_eq!(end, Pages::span(PageNo::FromLast(2), PageNo::Last));
        assert_eq!(end.to_string(), "r2-last");
        assert_eq!(end.qpdf(), "r2-z");
        assert_eq!(end.resolve(6).unwrap(), vec![5, 6]);
        assert_eq!(end.count_known(), Some(2));
        assert_eq!(end.said(), "the last 2");
        assert!(end.resolve(1).is_err());
        for bad in ["", "0", "a", "1-", "-2", "1--2", "r0", "r"] {
            assert!(bad.parse::<Pages>().is_err(), "{bad}");
        }
    }
}
