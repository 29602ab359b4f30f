fn main() {
    std::process::exit(apigw_cost::cli::main());
}
