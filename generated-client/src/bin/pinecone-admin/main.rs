//! `pinecone-admin`: the Pinecone Admin API from the command line. The commands are generated
//! from the specs; see `pinecone-admin --help`.
//!
//! The binary, not the library, compiles the commands: the library's users who never run
//! the command line do not build them, and no one compilation holds both the library and a
//! call of every operation (see BENCHMARKS.md, "the command line compiled by the binary").

include!("commands.rs");

fn main() -> std::process::ExitCode {
    pinecone_admin::runtime::cli::main(app())
}
