//! `pinecone-admin`: the Pinecone Admin API from the command line. The commands are generated
//! from the specs; see `pinecone-admin --help`.

fn main() -> std::process::ExitCode {
    pinecone_admin::runtime::cli::main(pinecone_admin::cli_app())
}
