//! A string a regular expression (a schema's `pattern`) matches, for the generated tests'
//! samples: the pattern read as a sequence of pieces (literals, escapes, character classes,
//! groups with alternatives, anchors), each repeated as few times as its quantifier allows
//! (once for `+`) and `extra` times more where it allows (to reach a `minLength`), taking the
//! first alternative and the first character a class allows. The caller checks the result
//! against the pattern; constructs outside this (lookaround, backreferences) give none.

/// A string `pattern` matches, each piece repeated `extra` times more than its quantifier's
/// least where the quantifier allows; `None` when the pattern uses what this does not read.
pub(crate) fn sample(pattern: &str, extra: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut reader = Reader { chars: &chars, at: 0, extra };
    let out = reader.alternatives()?;
    (reader.at == chars.len()).then_some(out)
}

struct Reader<'p> {
    chars: &'p [char],
    at: usize,
    extra: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    /// `a|b|c`: the first alternative's string; the others are read and dropped.
    fn alternatives(&mut self) -> Option<String> {
        let first = self.sequence()?;
        while self.peek() == Some('|') {
            self.at += 1;
            self.sequence()?;
        }
        Some(first)
    }

    /// Pieces up to `|`, `)` or the end.
    fn sequence(&mut self) -> Option<String> {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let piece = self.atom()?;
            let (min, max) = self.quantifier()?;
            let count = max.map_or(min + self.extra, |max| max.min(min + self.extra));
            for _ in 0..count {
                out.push_str(&piece);
            }
        }
        Some(out)
    }

    /// One piece: its string once.
    fn atom(&mut self) -> Option<String> {
        match self.next()? {
            '^' | '$' => Some(String::new()),
            '.' => Some("a".to_owned()),
            '(' => {
                if self.peek() == Some('?') {
                    self.at += 1;
                    match self.next()? {
                        ':' => {}
                        // A named group, `(?<name>...)` or `(?P<name>...)`.
                        'P' | '<' => while self.next()? != '>' {},
                        _ => return None, // lookaround and flags
                    }
                }
                let inner = self.alternatives()?;
                (self.next()? == ')').then_some(inner)
            }
            '[' => self.class().map(String::from),
            '\\' => self.escape().map(String::from),
            c => Some(c.to_string()),
        }
    }

    /// After `\`: a character the escape stands for.
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            'd' => '1',
            'w' => 'a',
            's' => ' ',
            'D' | 'W' | 'S' => '-',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            c if c.is_ascii_digit() => return None, // a backreference
            'b' | 'B' => return None,
            // A character by its code: `\u002F`, `\x2F`, `\x{2F}`, `\u{2F}`.
            'u' => self.code(4)?,
            'x' => self.code(2)?,
            c => c,
        })
    }

    /// After `\u` or `\x`: the character of `digits` hex digits, or of those in braces.
    fn code(&mut self, digits: usize) -> Option<char> {
        let hex: String = if self.peek() == Some('{') {
            let close = self.chars[self.at..].iter().position(|c| *c == '}')? + self.at;
            let hex = self.chars[self.at + 1..close].iter().collect();
            self.at = close + 1;
            hex
        } else {
            let hex = self.chars.get(self.at..self.at + digits)?.iter().collect();
            self.at += digits;
            hex
        };
        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
    }

    /// After `[`: the first character the class allows (for a negated class, the first of a
    /// few candidates it does not exclude).
    fn class(&mut self) -> Option<char> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut ranges: Vec<(char, char)> = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let start = if c == '\\' { self.escape()? } else { c };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                let end = match self.next()? {
                    '\\' => self.escape()?,
                    c => c,
                };
                ranges.push((start, end));
            } else {
                ranges.push((start, start));
            }
        }
        let allowed = |c: char| ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) != negated;
        match negated {
            false => ranges.first().map(|(a, _)| *a),
            true => ['a', 'x', '1', 'A', '_', '-', ' '].into_iter().find(|c| allowed(*c)),
        }
    }

    /// A quantifier after a piece, if any: the least and most repetitions (`+` at least one).
    fn quantifier(&mut self) -> Option<(usize, Option<usize>)> {
        let bounds = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                let close = self.chars[self.at..].iter().position(|c| *c == '}')? + self.at;
                let body: String = self.chars[self.at + 1..close].iter().collect();
                let (min, max) = match body.split_once(',') {
                    Some((min, "")) => (min.trim().parse().ok()?, None),
                    Some((min, max)) => (min.trim().parse().ok()?, Some(max.trim().parse().ok()?)),
                    None => {
                        let n = body.trim().parse().ok()?;
                        (n, Some(n))
                    }
                };
                self.at = close;
                (min, max)
            }
            _ => return Some((1, Some(1))),
        };
        self.at += 1;
        // A lazy or possessive marker changes nothing here.
        if matches!(self.peek(), Some('?' | '+')) {
            self.at += 1;
        }
        Some(bounds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_match_their_patterns() {
        for pattern in [
            r"^txcd_\d{8}$",
            r"^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$",
            r"^(whsec_)?[a-zA-Z0-9+/=]{32,100}$",
            r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
            r"^(?<year>\d{4})-(?P<month>\d{2})$",
            r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$",
            r"^\+?[1-9]\d{1,14}$",
            r"^(red|green|blue)$",
            r"[A-Z]{3}",
            r"^arn:aws:iam::\d{12}:user(?:(\u002F)|(\u002F[\u0021-\u007E]+\u002F))[\w+=,.@-]+$",
            r"^\x41\x{42}\u{43}$",
        ] {
            let regex = regex_lite::Regex::new(pattern).expect("a valid pattern");
            for extra in [0, 1, 5] {
                let sample = sample(pattern, extra).unwrap_or_else(|| panic!("no sample for {pattern}"));
                assert!(regex.is_match(&sample), "{pattern} does not match {sample:?}");
            }
        }
        assert_eq!(sample(r"^(?=a)b$", 0), None, "lookaround is not read");
        assert_eq!(sample(r"(a)\1", 0), None, "nor backreferences");
    }

    /// Each piece repeats `extra` times more where its quantifier allows, never past its
    /// bound: a sample long enough for a `minLength`.
    #[test]
    fn samples_stretch_within_their_quantifiers() {
        assert_eq!(sample(r"^.*@.*\..*", 0).as_deref(), Some("@."));
        assert_eq!(sample(r"^.*@.*\..*", 2).as_deref(), Some("aa@aa.aa"));
        assert_eq!(sample(r"^x{2,3}y?z{4}$", 5).as_deref(), Some("xxxyzzzz"));
    }
}
