//! Row groups decoded from their pages sum to exactly what the row-by-row reader sums (same groups,
//! same decimals and scales, same rows, same errors), for files written every way the page decoder
//! reads: data pages v1 and v2, dictionaries, plain pages, a dictionary that overflows into plain pages
//! mid-chunk, nulls in every optional column, snappy or no compression, several row groups and pages.

use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::{WriterProperties, WriterVersion};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::*;

const SCHEMA: &str = "message bill {
    OPTIONAL BYTE_ARRAY identity_line_item_id (UTF8);
    OPTIONAL BYTE_ARRAY identity_time_interval (UTF8);
    REQUIRED INT64 bill_billing_period_start_date (TIMESTAMP(MILLIS,true));
    OPTIONAL INT64 bill_payer_account_id;
    OPTIONAL BYTE_ARRAY line_item_usage_account_id (UTF8);
    REQUIRED BYTE_ARRAY line_item_line_item_type (UTF8);
    OPTIONAL BYTE_ARRAY line_item_product_code (UTF8);
    OPTIONAL BYTE_ARRAY line_item_usage_type (UTF8);
    OPTIONAL BYTE_ARRAY line_item_operation (UTF8);
    OPTIONAL BYTE_ARRAY product_region_code (UTF8);
    OPTIONAL BYTE_ARRAY line_item_line_item_description (UTF8);
    OPTIONAL BYTE_ARRAY line_item_currency_code (UTF8);
    OPTIONAL DOUBLE line_item_usage_amount;
    REQUIRED DOUBLE line_item_unblended_cost;
}";

/// One row's cells, in the schema's order (`None`: a null).
type Row = (Vec<Option<String>>, i64, Option<i64>, Option<f64>, f64);

fn rows(n: usize, seed: u64) -> Vec<Row> {
    let mut x = seed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let pick = |r: u64, v: &[&str]| v[(r % v.len() as u64) as usize].to_string();
    (0..n)
        .map(|i| {
            let r = next();
            let cell = |s: String, k: u64| (!(r >> k).is_multiple_of(11)).then_some(s);
            let text = vec![
                cell(format!("li{i:06}"), 3),
                cell(
                    pick(
                        r >> 5,
                        &[
                            "2026-10-01T00:00:00Z/2026-10-01T01:00:00Z",
                            "2026-10-02T05:00:00Z/2026-10-02T06:00:00Z",
                        ],
                    ),
                    7,
                ),
                cell(
                    pick(r >> 9, &["222222222222", "333333333333", "444444444444"]),
                    11,
                ),
                Some(pick(
                    r >> 13,
                    &[
                        "Usage",
                        "Usage",
                        "Usage",
                        "DiscountedUsage",
                        "Tax",
                        "Credit",
                    ],
                )),
                cell(
                    pick(r >> 17, &["AmazonApiGateway", "AWSLambda", "AmazonS3"]),
                    15,
                ),
                cell(
                    pick(
                        r >> 21,
                        &[
                            "USE1-ApiGatewayRequest",
                            "EU-ApiGatewayHttpRequest",
                            "ApiGatewayRequest",
                            "Request",
                            "DataTransfer-Out-Bytes",
                        ],
                    ),
                    19,
                ),
                cell(
                    pick(
                        r >> 25,
                        &["ApiGatewayRequest", "ApiGatewayHttpApi", "Invoke"],
                    ),
                    23,
                ),
                cell(pick(r >> 29, &["us-east-1", "eu-west-1"]), 27),
                cell(pick(r >> 33, &["per request", "tax", "a credit"]), 31),
                cell("USD".to_string(), 35),
            ];
            let period = [1_790_812_800_000_i64, 1_793_491_200_000][(r >> 37) as usize % 2];
            let payer =
                (!(r >> 39).is_multiple_of(7)).then_some(111_111_111_111 + (r >> 41) as i64 % 2);
            let usage = (!(r >> 43).is_multiple_of(9))
                .then_some(((r >> 45) % 1_000_000) as f64 / [1.0, 10.0, 1000.0][(r % 3) as usize]);
            let cost = [
                0.0,
                0.0000035 * ((r >> 20) % 5000) as f64,
                ((r >> 30) % 100_000) as f64 / 100.0,
            ][(r >> 50) as usize % 3];
            (text, period, payer, usage, cost)
        })
        .collect()
}

/// Values and definition levels of an optional column.
fn opt<T>(v: Vec<Option<T>>) -> (Vec<T>, Vec<i16>) {
    let def: Vec<i16> = v.iter().map(|x| i16::from(x.is_some())).collect();
    (v.into_iter().flatten().collect(), def)
}

fn write(path: &Path, rows: &[Row], props: WriterProperties, per_group: usize) {
    let schema = Arc::new(parse_message_type(SCHEMA).unwrap());
    let file = File::create(path).unwrap();
    let mut w = SerializedFileWriter::new(file, schema, Arc::new(props)).unwrap();
    for part in rows.chunks(per_group) {
        let mut rg = w.next_row_group().unwrap();
        let mut c = 0;
        while let Some(mut col) = rg.next_column().unwrap() {
            match c {
                2 => {
                    let v: Vec<i64> = part.iter().map(|r| r.1).collect();
                    col.typed::<Int64Type>()
                        .write_batch(&v, None, None)
                        .unwrap();
                }
                3 => {
                    let (v, d) = opt(part.iter().map(|r| r.2).collect());
                    col.typed::<Int64Type>()
                        .write_batch(&v, Some(&d), None)
                        .unwrap();
                }
                12 => {
                    let (v, d) = opt(part.iter().map(|r| r.3).collect());
                    col.typed::<DoubleType>()
                        .write_batch(&v, Some(&d), None)
                        .unwrap();
                }
                13 => {
                    let v: Vec<f64> = part.iter().map(|r| r.4).collect();
                    col.typed::<DoubleType>()
                        .write_batch(&v, None, None)
                        .unwrap();
                }
                _ => {
                    let t = if c < 2 { c } else { c - 2 };
                    let cells = part
                        .iter()
                        .map(|r| r.0[t].clone().map(|s| ByteArray::from(s.as_str())));
                    if c == 5 {
                        let v: Vec<ByteArray> = cells.flatten().collect();
                        col.typed::<ByteArrayType>()
                            .write_batch(&v, None, None)
                            .unwrap();
                    } else {
                        let (v, d) = opt(cells.collect());
                        col.typed::<ByteArrayType>()
                            .write_batch(&v, Some(&d), None)
                            .unwrap();
                    }
                }
            }
            col.close().unwrap();
            c += 1;
        }
        rg.close().unwrap();
    }
    w.close().unwrap();
}

/// What a reader made of a file: its groups (decimals with their scales), rows and lines, or its error.
fn summed(path: &Path, pages: bool) -> String {
    let mut agg = Aggregator::new();
    agg.ids.begin_file("bill.parquet");
    match read_as(path, "bill.parquet", &mut agg, false, pages) {
        Ok(info) => {
            let lines = agg.lines;
            format!("{} rows, {lines} lines: {:?}", info.rows, agg.into_groups())
        }
        Err(e) => format!("error: {e}"),
    }
}

/// Whether every row group of a file is decoded from its pages.
fn all_from_pages(path: &Path) -> bool {
    let (r, plan) = plan_of(path);
    let hasher = crate::model::reconcile::ids::LineIds::default().hasher();
    (0..r.num_row_groups()).all(|g| {
        fast::decode(
            r.get_row_group(g).unwrap().as_ref(),
            &plan,
            &hasher,
            &mut Default::default(),
        )
        .is_some()
    })
}

/// A file's reader and the page decoder's plan for it.
fn plan_of(path: &Path) -> (SerializedFileReader<File>, Vec<fast::Need>) {
    let r = open(path, "bill.parquet").unwrap();
    let cols = columns(&r);
    let names: Vec<String> = cols.iter().map(|c| c.path().string()).collect();
    let schema = Schema::detect(&names).unwrap();
    let needed: Vec<_> = Field::ALL
        .iter()
        .filter_map(|&f| {
            schema
                .col(f)
                .map(|i| (f, i, kind_of(&cols[i], f, "b").unwrap()))
        })
        .collect();
    let plan = plan(&needed, &cols).unwrap();
    (r, plan)
}

/// Writer settings: page format v2 or v1, a dictionary (one that overflows into plain pages after 64
/// bytes), the encoding of values out of the dictionary (`None`: the writer's own, DELTA_* for v2,
/// which only the row-by-row reader reads), snappy.
fn props(
    v2: bool,
    dictionary: bool,
    small_dictionary: bool,
    plain: bool,
    snappy: bool,
) -> WriterProperties {
    let mut b = WriterProperties::builder()
        .set_writer_version(if v2 {
            WriterVersion::PARQUET_2_0
        } else {
            WriterVersion::PARQUET_1_0
        })
        .set_dictionary_enabled(dictionary)
        .set_write_batch_size(37)
        .set_data_page_row_count_limit(50)
        .set_compression(if snappy {
            Compression::SNAPPY
        } else {
            Compression::UNCOMPRESSED
        });
    if small_dictionary {
        b = b.set_dictionary_page_size_limit(64);
    }
    if plain {
        b = b.set_encoding(parquet::basic::Encoding::PLAIN);
    }
    b.build()
}

#[test]
fn row_groups_from_pages_sum_as_the_row_by_row_reader_does() {
    let dir = tempfile::tempdir().unwrap();
    let data = rows(3000, 0x9e37_79b9_7f4a_7c15);
    let mut n = 0;
    for v2 in [false, true] {
        for (dictionary, small, plain) in [
            (true, false, false),
            (false, false, true),
            (true, true, true),
            (false, false, false),
            (true, true, false),
        ] {
            for snappy in [false, true] {
                let p = dir.path().join(format!("b{n}.parquet"));
                n += 1;
                write(&p, &data, props(v2, dictionary, small, plain, snappy), 700);
                let case = format!("v2 {v2} dictionary {dictionary} small {small} plain {plain}");
                // Only v2's DELTA encodings are left to the row-by-row reader.
                let delta = v2 && !plain && (small || !dictionary);
                assert_eq!(all_from_pages(&p), !delta, "{case}");
                let fast = summed(&p, true);
                assert_eq!(fast, summed(&p, false), "{case}");
                assert!(
                    fast.starts_with("3000 rows, 3000 lines: ["),
                    "{}",
                    &fast[..80]
                );
            }
        }
    }
}

#[test]
fn errors_from_pages_are_the_row_by_row_readers() {
    let dir = tempfile::tempdir().unwrap();
    let base = rows(2000, 7);
    let mut cases: Vec<(&str, Vec<Row>)> = Vec::new();
    // A line read twice (its id and interval again, 1,500 rows later).
    let mut twice = base.clone();
    twice[1700].0[0] = Some("li000123".into());
    twice[1700].0[1] = twice[123].0[1].clone();
    twice[123].0[0] = Some("li000123".into());
    cases.push(("line item 'li000123'", twice));
    // Another currency on one row of a known key.
    let mut currency = base.clone();
    currency[1500].0[9] = Some("EUR".into());
    cases.push(("currency 'EUR'", currency));
    // A cost beyond what a line can carry, on a row whose texts are known.
    let mut huge = base.clone();
    huge[1900].4 = 2e15;
    huge[1900].0 = huge[5].0.clone();
    huge[1900].0[0] = Some("other".into());
    cases.push(("beyond what one bill line can carry", huge));
    for (i, (what, data)) in cases.into_iter().enumerate() {
        let p = dir.path().join(format!("e{i}.parquet"));
        write(&p, &data, props(i % 2 == 1, true, false, false, true), 500);
        let fast = summed(&p, true);
        assert!(fast.contains(what), "{fast}");
        assert_eq!(fast, summed(&p, false));
    }
}

#[test]
fn pages_without_nulls_sum_as_the_row_by_row_reader_does() {
    // Optional columns with every value present: their pages are copied whole.
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<Row> = rows(3000, 11)
        .into_iter()
        .map(|(t, period, payer, usage, cost)| {
            let t = t.into_iter().map(|c| Some(c.unwrap_or_default())).collect();
            (
                t,
                period,
                Some(payer.unwrap_or(7)),
                Some(usage.unwrap_or(0.5)),
                cost,
            )
        })
        .collect();
    for v2 in [false, true] {
        for dictionary in [true, false] {
            let p = dir.path().join(format!("n{v2}{dictionary}.parquet"));
            write(
                &p,
                &data,
                props(v2, dictionary, false, !dictionary, true),
                700,
            );
            assert!(all_from_pages(&p), "v2 {v2} dictionary {dictionary}");
            let fast = summed(&p, true);
            assert_eq!(fast, summed(&p, false), "v2 {v2} dictionary {dictionary}");
            assert!(
                fast.starts_with("3000 rows, 3000 lines: ["),
                "{}",
                &fast[..80]
            );
        }
    }
}

#[test]
fn row_groups_decoded_into_reused_buffers_are_those_decoded_fresh() {
    // A decoding thread fills the buffers of a summed row group (texts, amounts, hashes, keys):
    // each row group decoded that way, after row groups of other rows, nulls and sizes (the last is
    // the smallest), is what decoding it into new buffers gives.
    let dir = tempfile::tempdir().unwrap();
    let data = rows(3000, 0x2545_f491_4f6c_dd1d);
    let hasher = crate::model::reconcile::ids::LineIds::default().hasher();
    for (i, (v2, dictionary, small, plain)) in [
        (false, true, false, false),
        (true, true, true, true),
        (false, false, false, true),
        (true, true, false, false),
    ]
    .into_iter()
    .enumerate()
    {
        let p = dir.path().join(format!("r{i}.parquet"));
        write(&p, &data, props(v2, dictionary, small, plain, true), 700);
        let (r, plan) = plan_of(&p);
        assert_eq!(r.num_row_groups(), 5);
        let mut buffers = fast::Buffers::default();
        for g in 0..r.num_row_groups() {
            let rg = r.get_row_group(g).unwrap();
            let fresh = fast::decode(rg.as_ref(), &plan, &hasher, &mut Default::default());
            let reused = fast::decode(rg.as_ref(), &plan, &hasher, &mut buffers).unwrap();
            assert!(buffers.spare.is_empty());
            assert_eq!(
                reused.dump(),
                fresh.unwrap().dump(),
                "file {i} row group {g}"
            );
            assert_eq!(reused.rows, if g == 4 { 200 } else { 700 });
            buffers.spare.push(reused);
        }
    }
}
