fn main() {
    std::process::exit(apigw_cost::commands::main());
}
