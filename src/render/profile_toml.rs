//! The one writer of traffic profiles (the TOML of `data/profiles/`), used by `reconcile
//! --profiles-out` and `import cloudwatch`. Every value goes through the `toml` crate's serializer;
//! comments are made safe line by line (each line starts with `# `, control characters become
//! spaces), so nothing read from a bill or CloudWatch can end a comment and start a key. The finished
//! text is parsed back and must give exactly the keys written.

use crate::error::{Error, Result};

/// A profile being written: comments, keys and `[sections]` in order.
#[derive(Debug, Default)]
pub struct ProfileDoc {
    out: String,
    /// What the text must parse back to.
    table: toml::Table,
    section: Option<String>,
}

/// One comment line's text: control characters (a newline, CR, escape) become spaces.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl ProfileDoc {
    pub fn new() -> ProfileDoc {
        ProfileDoc::default()
    }

    /// Comment lines: each line of `text` (a leading `# ` is dropped) becomes `# line`.
    pub fn comment(&mut self, text: &str) {
        for line in text.split('\n') {
            let line = line.strip_prefix("# ").unwrap_or(line);
            self.out.push_str("# ");
            self.out.push_str(clean(line).trim_end());
            self.out.push('\n');
        }
    }

    /// A blank line.
    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    /// `key = value`, the value serialized by the `toml` crate.
    pub fn key(&mut self, key: &'static str, value: impl Into<toml::Value>) {
        let value = value.into();
        let mut one = toml::Table::new();
        one.insert(key.to_string(), value.clone());
        self.out
            .push_str(&toml::to_string(&one).unwrap_or_default());
        self.insert(key, value);
    }

    /// `key = { a = "x", b = "y" }`: an inline table of strings (a range, as profiles write one), each
    /// value serialized by the `toml` crate.
    pub fn inline(&mut self, key: &'static str, items: &[(&'static str, String)]) {
        let mut table = toml::Table::new();
        let mut parts = Vec::with_capacity(items.len());
        for (k, v) in items {
            let value = toml::Value::String(v.clone());
            parts.push(format!("{k} = {value}"));
            table.insert(k.to_string(), value);
        }
        self.out
            .push_str(&format!("{key} = {{ {} }}\n", parts.join(", ")));
        self.insert(key, toml::Value::Table(table));
    }

    fn insert(&mut self, key: &'static str, value: toml::Value) {
        let target = match &self.section {
            None => &mut self.table,
            Some(s) => self
                .table
                .entry(s.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                .as_table_mut()
                .expect("a section is a table"),
        };
        target.insert(key.to_string(), value);
    }

    /// `[name]`: the keys after it belong to the section.
    pub fn section(&mut self, name: &'static str) {
        self.out.push_str(&format!("[{name}]\n"));
        self.table
            .entry(name.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        self.section = Some(name.to_string());
    }

    /// The text, checked: it parses back to exactly the keys written.
    pub fn finish(self) -> Result<String> {
        let back: toml::Table = toml::from_str(&self.out)
            .map_err(|e| Error::Other(format!("a profile that does not read back: {e}")))?;
        if back != self.table {
            return Err(Error::Other(
                "a profile that reads back with other keys than were written".into(),
            ));
        }
        Ok(self.out)
    }
}

/// A decimal as a TOML string (profiles read amounts as text, exact).
pub fn decimal(d: rust_decimal::Decimal) -> toml::Value {
    toml::Value::String(d.normalize().to_string())
}

/// A list of strings.
pub fn strings(list: &[&str]) -> toml::Value {
    toml::Value::Array(
        list.iter()
            .map(|s| toml::Value::String(s.to_string()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_in_comments_and_values_cannot_add_keys() {
        let evil = "222222222222\ndiscount = \"99%\"\n#\r\x1b[2J";
        let mut d = ProfileDoc::new();
        d.comment(&format!("Traffic of account {evil}."));
        d.key("name", evil);
        d.section("websocket");
        d.key("messages", "10");
        let t = d.finish().unwrap();
        let back: toml::Table = toml::from_str(&t).unwrap();
        assert!(back.get("discount").is_none(), "{t}");
        assert_eq!(back["name"].as_str(), Some(evil));
        assert_eq!(back["websocket"]["messages"].as_str(), Some("10"));
        // Comments stay comments: every line before `name` starts with `# `.
        let head: Vec<&str> = t.lines().take_while(|l| !l.starts_with("name")).collect();
        assert!(head.iter().all(|l| l.starts_with("# ")), "{t}");
        assert_eq!(back.len(), 2, "{t}");
    }

    #[test]
    fn an_inline_table_reads_back_as_one() {
        let mut d = ProfileDoc::new();
        d.inline("requests", &[("p10", "1\"\n".into()), ("p50", "2".into())]);
        d.key("months", 12);
        let t = d.finish().unwrap();
        assert!(t.starts_with("requests = { p10 = "), "{t}");
        let back: toml::Table = toml::from_str(&t).unwrap();
        assert_eq!(back["requests"]["p10"].as_str(), Some("1\"\n"));
        assert_eq!(back["months"].as_integer(), Some(12));
    }
}
