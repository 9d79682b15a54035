fn main() -> std::process::ExitCode {
    accord_cli::main_from(std::env::args_os())
}
