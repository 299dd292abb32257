//! The `ropa` command: a thin shell over the library (see `ropa --help`).

fn main() -> std::process::ExitCode {
    ropa::cli::main()
}
