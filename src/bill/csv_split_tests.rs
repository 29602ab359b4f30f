use super::*;

/// A reader of `data` that fails once `fail_at` bytes are read (never if `None`).
struct Failing<'a> {
    data: &'a [u8],
    pos: usize,
    fail_at: Option<usize>,
}

impl Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.fail_at.is_some_and(|f| self.pos >= f) {
            return Err(io::Error::other("failed"));
        }
        let end = self.fail_at.unwrap_or(usize::MAX).min(self.data.len());
        let n = buf.len().min(end - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// A header, the records (fields, line, whether a field holds a line break), and the error that
/// ended them.
type Read_ = (Vec<Vec<u8>>, Vec<(Vec<Vec<u8>>, u64, bool)>, bool);

/// What the csv crate reads (the bill reader's settings, a buffer of `read` bytes).
fn by_csv(data: &[u8], read: usize, fail_at: Option<usize>) -> Read_ {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(read)
        .from_reader(Failing {
            data,
            pos: 0,
            fail_at,
        });
    let header = match rdr.byte_headers() {
        Ok(h) => h.iter().map(<[u8]>::to_vec).collect(),
        Err(_) => return (Vec::new(), Vec::new(), true),
    };
    let mut recs = Vec::new();
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => recs.push((
                rec.iter().map(<[u8]>::to_vec).collect(),
                rec.position().map_or(0, |p| p.line()),
                rec.as_slice().contains(&b'\n'),
            )),
            Ok(false) => return (header, recs, false),
            Err(_) => return (header, recs, true),
        }
    }
}

/// What the splitter reads, `read` bytes at a time into blocks of `block`.
fn by_split(data: &[u8], read: usize, block: usize, fail_at: Option<usize>) -> Read_ {
    let mut s = Splitter::with_sizes(
        Failing {
            data,
            pos: 0,
            fail_at,
        },
        read,
        block,
    );
    let Ok(header) = s.header() else {
        return (Vec::new(), Vec::new(), true);
    };
    let mut recs = Vec::new();
    let mut spare = Block::default();
    loop {
        let (b, status) = s.next_block(spare);
        for r in b.records() {
            recs.push((
                r.iter().map(<[u8]>::to_vec).collect(),
                r.line(),
                r.multiline(),
            ));
        }
        spare = b;
        match status {
            Status::More => {}
            Status::End => return (header, recs, false),
            Status::Failed(_) => return (header, recs, true),
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

/// Bytes of a small alphabet in any order: every odd case (stray quotes, text after a closing
/// quote, CR, empty lines, unclosed quotes).
fn noise(r: &mut Rng, n: usize) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ab,,\"\"\n\n\r x";
    (0..n)
        .map(|_| ALPHABET[r.below(ALPHABET.len() as u64)])
        .collect()
}

/// A bill-like CSV: records of plain and quoted fields (some with doubled quotes, commas and line
/// breaks inside), long fields across windows, CRLF and empty lines, an odd record now and then.
fn bill_like(r: &mut Rng) -> Vec<u8> {
    let mut out = Vec::new();
    if r.below(8) == 0 {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    let width = 1 + r.below(30);
    for _ in 0..r.below(60) {
        let w = if r.below(10) == 0 {
            1 + r.below(40)
        } else {
            width
        };
        for f in 0..w {
            if f > 0 {
                out.push(b',');
            }
            let len = match r.below(10) {
                0 => r.below(300),
                1..=3 => 0,
                _ => r.below(20),
            };
            let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            match r.below(12) {
                0..=5 => out.extend_from_slice(&text),
                6..=8 => {
                    out.push(b'"');
                    out.extend_from_slice(&text);
                    if r.below(2) == 0 {
                        out.extend_from_slice(b", per request");
                    }
                    out.push(b'"');
                }
                9 => {
                    out.push(b'"');
                    out.extend_from_slice(b"say \"\"hi\"\"\n");
                    out.extend_from_slice(&text);
                    out.extend_from_slice(b"\"\"");
                    out.push(b'"');
                }
                10 => out.extend_from_slice(&noise(r, 4)),
                _ => {
                    out.extend_from_slice(b"\"q\"");
                    out.extend_from_slice(&text);
                }
            }
        }
        match r.below(10) {
            0 => out.extend_from_slice(b"\r\n"),
            1 => out.extend_from_slice(b"\n\n"),
            2 => out.extend_from_slice(b"\n\r\n"),
            _ => out.push(b'\n'),
        }
    }
    if r.below(4) == 0 {
        out.pop();
    }
    out
}

const SIZES: [(usize, usize); 9] = [
    (1, 1),
    (2, 3),
    (3, 7),
    (7, 64),
    (64, 1),
    (100, 130),
    (4096, 1 << 20),
    (READ, BLOCK),
    (5, 1000),
];

/// Fails with the first difference between two reads, shortly.
fn check(got: &Read_, want: &Read_, what: &str, data: &[u8]) {
    if got == want {
        return;
    }
    let show = |r: &(Vec<Vec<u8>>, u64, bool)| {
        let f: Vec<String> =
            r.0.iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
        format!("{f:?} line {} multiline {}", r.1, r.2)
    };
    let i = (0..).find(|&i| got.1.get(i) != want.1.get(i)).unwrap_or(0);
    let text = String::from_utf8_lossy(&data[..data.len().min(300)]).into_owned();
    panic!(
        "{what}: header {} / {}, records {} / {} (error {} / {}); record {i}: got {:?}, want {:?}; data {text:?}",
        got.0.len(),
        want.0.len(),
        got.1.len(),
        want.1.len(),
        got.2,
        want.2,
        got.1.get(i).map(show),
        want.1.get(i).map(show),
    );
}

fn same(data: &[u8], what: &str) {
    for (read, block) in SIZES {
        let want = by_csv(data, read, None);
        let got = by_split(data, read, block, None);
        check(
            &got,
            &want,
            &format!("{what}, read {read}, block {block}"),
            data,
        );
    }
}

#[test]
fn records_are_csv_cores_on_random_bills() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..300 {
        let data = bill_like(&mut r);
        same(&data, &format!("bill {i}"));
    }
}

#[test]
fn records_are_csv_cores_on_noise() {
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    for i in 0..2000 {
        let n = r.below(200);
        let data = noise(&mut r, n);
        same(&data, &format!("noise {i}"));
    }
}

#[test]
fn records_before_a_failed_read_are_the_csv_crates() {
    let mut r = Rng(0x1234_5678_9abc_def1);
    for i in 0..150 {
        let data = bill_like(&mut r);
        let fail_at = r.below(data.len() as u64 + 2);
        for (read, block) in SIZES {
            let want = by_csv(&data, read, Some(fail_at));
            let got = by_split(&data, read, block, Some(fail_at));
            let what = format!("bill {i}, failing at {fail_at}, read {read}, block {block}");
            check(&got, &want, &what, &data);
        }
    }
}

#[test]
fn odd_cases() {
    for data in [
        &b""[..],
        b"\n",
        b"\n\n\n",
        b"a",
        b"a\n",
        b"a\n\n\nb,c\n",
        b"h\n\r\n\r",
        b"h\n\"",
        b"h\n\"abc",
        b"h\n\"a\"\"b\",c\n",
        b"h\n\"a\"b,c\n",
        b"h\nab\"c,d\n\"x\"\n",
        b"h\n\"a\nb\",c\n\"\"\n",
        b"h\n\"\"\"\"\n\"\"\"\n",
        b"\xef\xbb\xbfh,i\n1,2",
        b"h\n,\n,,\n\",\"\n",
        b"h\n\"abc\"\r\n\"x\"\n",
    ] {
        same(data, "odd case");
    }
    // A long record across many windows and blocks.
    let mut long = b"h\n".to_vec();
    for i in 0..5000 {
        long.extend_from_slice(format!("f{i},\"q,{i}\",").as_bytes());
    }
    long.push(b'\n');
    same(&long, "long record");
}

#[test]
fn masks_are_the_bytes() {
    let mut w = [0u8; 64];
    for (i, b) in w.iter_mut().enumerate() {
        *b = b"a,\"\n"[i % 4];
    }
    assert_eq!(mask(&w, b','), 0x2222_2222_2222_2222);
    assert_eq!(mask(&w, b'"'), 0x4444_4444_4444_4444);
    for (i, b) in w.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37) % 48;
    }
    w[63] = b'"';
    w[0] = b'\n';
    assert_eq!(masks(&w), (mask(&w, b'"'), mask(&w, b'\n'), mask(&w, b',')));
    assert_eq!(prefix_xor(0b1001_0010), !0b0111_0001);
}

#[test]
fn a_quote_left_open_stops_at_the_record_bound() {
    // Lines of 4 MiB (each under the line bound) after a quote that is never closed: one record that
    // would grow with the file stops past 32 MiB, with its reason.
    let mut data = b"h,i\n1,2\n\"".to_vec();
    while data.len() < MAX_RECORD + (8 << 20) {
        data.extend(std::iter::repeat_n(b'x', 4 << 20));
        data.push(b'\n');
    }
    let mut s = Splitter::new(std::io::Cursor::new(&data));
    assert_eq!(s.header().unwrap(), vec![b"h".to_vec(), b"i".to_vec()]);
    let (mut spare, mut records) = (Block::default(), 0);
    let error = loop {
        let (b, status) = s.next_block(spare);
        records += b.records().count();
        spare = b;
        match status {
            Status::More => {}
            Status::End => panic!("read to the end"),
            Status::Failed(e) => break e.to_string(),
        }
    };
    assert_eq!(records, 1, "the line before the quote");
    assert!(error.contains("longer than 32 MiB"), "{error}");
    // A quoted field of 20 MiB across lines is within the bound, as the csv crate reads it.
    let mut long = b"h,i\n\"".to_vec();
    for _ in 0..5 {
        long.extend(std::iter::repeat_n(b'y', 4 << 20));
        long.push(b'\n');
    }
    long.extend_from_slice(b"\",2\n");
    let what = "a 20 MiB quoted field";
    check(
        &by_split(&long, READ, BLOCK, None),
        &by_csv(&long, READ, None),
        what,
        &long,
    );
}
