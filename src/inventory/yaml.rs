//! YAML to a [`Value`] tree, bounded, with CloudFormation's short-form tags turned into the long form
//! (`!Ref X` -> `{Ref: X}`, `!GetAtt A.B` -> `{Fn::GetAtt: [A, B]}`, `!Sub s` -> `{Fn::Sub: s}`).
//!
//! Built from saphyr-parser's events, so every bound is checked as the document is read: nesting depth,
//! and the number of nodes including those an alias repeats (a "billion laughs" document stops at the
//! bound instead of exhausting memory). A tag that is neither an intrinsic nor a YAML core tag is an
//! error naming it and its line, never silently dropped.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::{Value, MAX_DEPTH, MAX_NODES, MAX_TEXT_BYTES};

/// The short-form tags of CloudFormation's YAML and their long-form keys.
const SHORT_FORMS: [(&str, &str); 20] = [
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Sub", "Fn::Sub"),
    ("GetAtt", "Fn::GetAtt"),
    ("If", "Fn::If"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Select", "Fn::Select"),
    ("Join", "Fn::Join"),
    ("Split", "Fn::Split"),
    ("FindInMap", "Fn::FindInMap"),
    ("ImportValue", "Fn::ImportValue"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("GetAZs", "Fn::GetAZs"),
    ("Transform", "Fn::Transform"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
];

/// A node being built: a sequence or a mapping (with the key waiting for its value).
enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        tag: Option<Tag>,
        line: usize,
    },
    Map {
        entries: Vec<(String, Value)>,
        key: Option<String>,
        /// The keys so far, once the mapping is large enough that a scan would be slow.
        seen: Option<HashSet<String>>,
        anchor: usize,
        tag: Option<Tag>,
        line: usize,
    },
}

/// Reads the one YAML document of `text`; a second document (after `---`) is an error naming its line,
/// never silently dropped.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut b = Builder::default();
    let mut events = Parser::new_from_str(text);
    let mut doc = None;
    for ev in events.by_ref() {
        let (ev, span) = ev.map_err(|e| format!("not valid YAML: {e}"))?;
        if let Some(d) = b.event(ev, span)? {
            doc = Some(d);
            break;
        }
    }
    let Some(doc) = doc else {
        return Err("no YAML document in the file".into());
    };
    for ev in events {
        let (ev, span) = ev.map_err(|e| format!("not valid YAML after the document: {e}"))?;
        if let Event::DocumentStart(_) = ev {
            return Err(format!(
                "line {}: a second YAML document: a template is one document (the second would be \
                 silently ignored)",
                span.start.line()
            ));
        }
    }
    Ok(doc)
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    /// Anchored nodes, with their size (an alias adds that much).
    anchors: HashMap<usize, (Value, Size)>,
    /// Sizes of the open frames' children so far, to size an anchored collection.
    sizes: Vec<Size>,
    /// The document so far, aliases expanded.
    total: Size,
}

/// Nodes and scalar text, in bytes: what a node costs once aliases are expanded.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    bytes: usize,
}

impl Size {
    fn add(&mut self, o: Size) {
        self.nodes = self.nodes.saturating_add(o.nodes);
        self.bytes = self.bytes.saturating_add(o.bytes);
    }
}

impl Builder {
    /// Takes one event; returns the document when its root is complete.
    fn event(&mut self, ev: Event, span: Span) -> Result<Option<Value>, String> {
        let line = span.start.line();
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let v = scalar(&text, style, tag.as_deref(), line)?;
                let size = Size {
                    nodes: 1,
                    bytes: text.len(),
                };
                self.count(size, line)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, (v.clone(), size));
                }
                self.push(v, size, line)
            }
            Event::Alias(id) => {
                let size = self
                    .anchors
                    .get(&id)
                    .map(|(_, size)| *size)
                    .ok_or_else(|| format!("line {line}: an alias to an unknown anchor"))?;
                // Counted before it is copied: a copy beyond the bounds is never made.
                self.count(size, line)?;
                let v = self
                    .anchors
                    .get(&id)
                    .map(|(v, _)| v.clone())
                    .unwrap_or(Value::Null);
                self.push(v, size, line)
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(
                    Frame::Seq {
                        items: Vec::new(),
                        anchor,
                        tag: tag.map(|t| t.into_owned()),
                        line,
                    },
                    line,
                )?;
                Ok(None)
            }
            Event::MappingStart(anchor, tag) => {
                self.open(
                    Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        seen: None,
                        anchor,
                        tag: tag.map(|t| t.into_owned()),
                        line,
                    },
                    line,
                )?;
                Ok(None)
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            _ => Ok(None),
        }
    }

    fn count(&mut self, n: Size, line: usize) -> Result<(), String> {
        self.total.add(n);
        if self.total.nodes > MAX_NODES {
            return Err(format!(
                "line {line}: more than {MAX_NODES} nodes (aliases counted as the nodes they repeat): \
                 too large for a template"
            ));
        }
        if self.total.bytes > MAX_TEXT_BYTES {
            return Err(format!(
                "line {line}: more than {MAX_TEXT_BYTES} bytes of text (aliases counted as the text \
                 they repeat): too large for a template"
            ));
        }
        Ok(())
    }

    fn open(&mut self, f: Frame, line: usize) -> Result<(), String> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!(
                "line {line}: nested more than {MAX_DEPTH} levels deep"
            ));
        }
        let one = Size { nodes: 1, bytes: 0 };
        self.count(one, line)?;
        self.stack.push(f);
        self.sizes.push(one);
        Ok(())
    }

    fn close(&mut self) -> Result<Option<Value>, String> {
        let (Some(frame), Some(size)) = (self.stack.pop(), self.sizes.pop()) else {
            return Err("unbalanced YAML events".into());
        };
        let (v, anchor, line) = match frame {
            Frame::Seq {
                items,
                anchor,
                tag,
                line,
            } => (tagged(Value::Seq(items), tag.as_ref(), line)?, anchor, line),
            Frame::Map {
                entries,
                anchor,
                tag,
                line,
                ..
            } => (
                tagged(Value::Map(entries), tag.as_ref(), line)?,
                anchor,
                line,
            ),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, (v.clone(), size));
        }
        self.push(v, size, line)
    }

    /// Adds a complete node to the open collection, or returns it as the document.
    fn push(&mut self, v: Value, size: Size, line: usize) -> Result<Option<Value>, String> {
        if let Some(s) = self.sizes.last_mut() {
            s.add(size);
        }
        match self.stack.last_mut() {
            None => Ok(Some(v)),
            Some(Frame::Seq { items, .. }) => {
                items.push(v);
                Ok(None)
            }
            Some(Frame::Map {
                entries, key, seen, ..
            }) => {
                match key.take() {
                    None => {
                        let k = match v {
                            Value::Str(k) | Value::Num(k) => k,
                            Value::Bool(b) => b.to_string(),
                            Value::Null => String::new(),
                            _ => {
                                return Err(format!(
                                    "line {line}: a mapping key that is not a string"
                                ))
                            }
                        };
                        if repeated(entries, seen, &k) {
                            return Err(format!(
                                "line {line}: the key '{}' appears twice in one mapping (a repeated \
                                 logical id or property: the second would silently replace the first)",
                                crate::error::shorten(&k)
                            ));
                        }
                        *key = Some(k);
                    }
                    Some(k) => entries.push((k, v)),
                }
                Ok(None)
            }
        }
    }
}

/// Whether a mapping already has key `k` (a scan while small, then a set of its keys).
fn repeated(entries: &[(String, Value)], seen: &mut Option<HashSet<String>>, k: &str) -> bool {
    const SCAN: usize = 16;
    if seen.is_none() && entries.len() >= SCAN {
        *seen = Some(entries.iter().map(|(x, _)| x.clone()).collect());
    }
    match seen {
        Some(set) => !set.insert(k.to_string()),
        None => entries.iter().any(|(x, _)| x == k),
    }
}

/// A scalar's value: quoted or tagged `!!str` text stays text; plain `true`/`false`, `null`/`~` and
/// numbers are read as such (YAML 1.2 core schema); a short-form intrinsic wraps it.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, line: usize) -> Result<Value, String> {
    let plain = style == ScalarStyle::Plain && tag.is_none();
    let v = if !plain {
        Value::Str(text.to_string())
    } else {
        match text {
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            "" | "~" | "null" | "Null" | "NULL" => Value::Null,
            t if is_number(t) => Value::Num(t.to_string()),
            t => Value::Str(t.to_string()),
        }
    };
    match tag {
        Some(t) if t.handle == "!" && t.suffix == "GetAtt" => {
            // `!GetAtt Resource.Attribute` is the list [Resource, Attribute].
            let parts = match text.split_once('.') {
                Some((r, a)) => vec![Value::Str(r.into()), Value::Str(a.into())],
                None => vec![Value::Str(text.into())],
            };
            Ok(Value::Map(vec![("Fn::GetAtt".into(), Value::Seq(parts))]))
        }
        _ => tagged(v, tag, line),
    }
}

/// Applies a node's tag: a CloudFormation short form becomes its long form, a YAML core tag (`!!str`)
/// changes nothing, any other tag is an error.
fn tagged(v: Value, tag: Option<&Tag>, line: usize) -> Result<Value, String> {
    let Some(t) = tag else {
        return Ok(v);
    };
    if t.handle == "tag:yaml.org,2002:" || t.handle == "!!" {
        return Ok(v);
    }
    if t.handle == "!" {
        if let Some((_, long)) = SHORT_FORMS.iter().find(|(s, _)| *s == t.suffix) {
            return Ok(Value::Map(vec![((*long).to_string(), v)]));
        }
    }
    Err(format!(
        "line {line}: unknown tag '{}{}': expected a CloudFormation intrinsic ({})",
        t.handle,
        crate::error::shorten(&t.suffix),
        SHORT_FORMS
            .iter()
            .map(|(s, _)| format!("!{s}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

fn is_number(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && t.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(v: &'a Value, k: &str) -> &'a Value {
        v.get(k).unwrap_or_else(|| panic!("no {k} in {v:?}"))
    }

    #[test]
    fn short_forms_become_long_forms() {
        let v = parse(
            "A: !Ref Name\nB: !GetAtt Fn.Arn\nC: !Sub '${X}-y'\nD: !If [Cond, 1, !Ref AWS::NoValue]\nE: !Equals [a, b]\n",
        )
        .unwrap();
        assert_eq!(
            get(&v, "A"),
            &Value::Map(vec![("Ref".into(), Value::Str("Name".into()))])
        );
        assert_eq!(
            get(&v, "B"),
            &Value::Map(vec![(
                "Fn::GetAtt".into(),
                Value::Seq(vec![Value::Str("Fn".into()), Value::Str("Arn".into())])
            )])
        );
        assert_eq!(get(get(&v, "C"), "Fn::Sub"), &Value::Str("${X}-y".into()));
        let Value::Seq(d) = get(get(&v, "D"), "Fn::If") else {
            panic!()
        };
        assert_eq!(d[1], Value::Num("1".into()));
        assert!(get(&v, "E").get("Fn::Equals").is_some());
    }

    #[test]
    fn an_unknown_tag_is_named_with_its_line() {
        let e = parse("A: 1\nB: !Frobnicate x\n").unwrap_err();
        assert!(e.contains("line 2") && e.contains("!Frobnicate"), "{e}");
    }

    #[test]
    fn a_billion_laughs_stops_at_the_node_bound() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='k' {
            doc.push_str(&format!(
                "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = c;
        }
        let e = parse(&doc).unwrap_err();
        assert!(e.contains("more than") && e.contains("nodes"), "{e}");
    }

    #[test]
    fn a_long_string_repeated_by_aliases_stops_at_the_text_bound() {
        let mut doc = format!("a: &a '{}'\n", "x".repeat(1 << 20));
        doc.push_str(&format!("b: [{}]\n", vec!["*a"; 100].join(", ")));
        let e = parse(&doc).unwrap_err();
        assert!(e.contains("bytes of text"), "{e}");
    }

    #[test]
    fn depth_is_bounded() {
        let doc = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = parse(&doc).unwrap_err();
        assert!(e.contains("nested more than"), "{e}");
    }

    #[test]
    fn a_repeated_key_and_a_second_document_are_errors_with_their_lines() {
        let e = parse("Resources:\n  Api: {Type: A}\n  Api: {Type: B}\n").unwrap_err();
        assert!(
            e.contains("line 3") && e.contains("'Api' appears twice"),
            "{e}"
        );
        let mut big = String::from("R:\n");
        for i in 0..40 {
            big.push_str(&format!("  K{i}: 1\n"));
        }
        big.push_str("  K3: 2\n");
        assert!(parse(&big).unwrap_err().contains("'K3' appears twice"));
        let e = parse("A: 1\n---\nB: 2\n").unwrap_err();
        assert!(
            e.contains("line 2") && e.contains("second YAML document"),
            "{e}"
        );
        // One document with explicit markers is fine.
        assert!(parse("---\nA: 1\n...\n").is_ok());
    }

    #[test]
    fn quoted_scalars_stay_text() {
        let v = parse("A: 'true'\nB: true\nC: \"10\"\nD: 10\n").unwrap();
        assert_eq!(get(&v, "A"), &Value::Str("true".into()));
        assert_eq!(get(&v, "B"), &Value::Bool(true));
        assert_eq!(get(&v, "C"), &Value::Str("10".into()));
        assert_eq!(get(&v, "D"), &Value::Num("10".into()));
    }
}
