// Placeholder until the parser fuzz target lands.
@main enum HTTPParserFuzzer { static func main() {} }
