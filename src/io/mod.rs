//! Plumbing with a home: what the commands read and write, apart from what they compute.
//!
//! - [`fetch`]: AWS's price files downloaded over HTTPS, with a deadline and a size cap ([`get_text`]).
//! - [`read`]: a file or standard input read whole within a bound ([`read_text_at_most`]).
//! - [`lines`]: a bounded line reader under the csv readers ([`LineBound`]).
//! - [`progress`]: progress of a pass over a big input on stderr ([`Progress`]).
//! - [`outputs`]: no output replaces an input ([`refuse_inputs`]); directory outputs written whole,
//!   their names checked for clashes ([`write_dir`]); a review's pack directory ([`out_dir`],
//!   [`pack_dir`]).

pub mod fetch;
pub mod lines;
pub mod outputs;
pub mod progress;
pub mod read;

pub use fetch::get_text;
pub use lines::{LineBound, LineLimit};
pub use outputs::{out_dir, pack_dir, refuse_inputs, write_dir, DirFile};
pub use progress::{Counts, Progress};
pub use read::read_text_at_most;
