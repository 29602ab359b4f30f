//! Plumbing with a home: what the commands read and write, apart from what they compute.
//!
//! - [`fetch`]: AWS's price files downloaded over HTTPS, with a deadline and a size cap ([`get_text`]).
//! - [`read`]: a file or standard input read whole within a bound ([`read_text_at_most`]).
//! - [`outputs`]: no output replaces an input ([`refuse_inputs`]); directory outputs written whole,
//!   their names checked for clashes ([`write_dir`]); a review's pack directory ([`out_dir`],
//!   [`pack_dir`]).

pub mod fetch;
pub mod outputs;
pub mod read;

pub use fetch::get_text;
pub use outputs::{out_dir, pack_dir, refuse_inputs, write_dir, DirFile};
pub use read::read_text_at_most;
