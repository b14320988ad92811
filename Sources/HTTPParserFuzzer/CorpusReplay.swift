#if !FUZZING
    import FuzzerSupport

    /// Without libFuzzer (a normal build), the executable replays the files named on its command line through
    /// the same checks (see `CorpusReplay`).
    @main
    enum Replay {
        static func main() {
            CorpusReplay.run(program: "HTTPParserFuzzer", check: HTTPParserFuzzer.check)
        }
    }
#endif
