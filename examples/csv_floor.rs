//! The floor for `benches/batch.sh`: a plain CSV read-and-write of the same file with the same csv
//! settings batch uses (reused `ByteRecord`, 128 KB buffers), no parsing or pricing.
//! Usage: cargo run --release --example csv_floor -- INPUT.csv OUTPUT.csv
use std::fs::File;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (input, output) = match args.as_slice() {
        [_, i, o] => (i, o),
        _ => return Err("usage: csv_floor INPUT.csv OUTPUT.csv".into()),
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(1 << 17)
        .from_reader(File::open(input)?);
    let mut wtr = csv::WriterBuilder::new()
        .buffer_capacity(1 << 17)
        .from_writer(File::create(output)?);
    wtr.write_byte_record(rdr.byte_headers()?)?;
    let mut rec = csv::ByteRecord::new();
    let mut rows: u64 = 0;
    while rdr.read_byte_record(&mut rec)? {
        wtr.write_byte_record(&rec)?;
        rows += 1;
    }
    wtr.flush()?;
    eprintln!("{rows} rows copied");
    Ok(())
}
