/// The penalty score of ISO/IEC 18004 7.8.3.1: the mask that leaves the fewest patterns a reader could
/// confuse with finders, and the most even balance of dark and light, wins.
///
/// Where the standard leaves room, this follows segno so that our choice of mask matches a widely used encoder:
/// the symbol is scored before format and version information are drawn (7.8 adds them after masking), the
/// area beyond the edge counts as light for the 1:1:3:1:1 rule, and one finder-like pattern scores once even
/// when both sides are light.
enum MaskPenalty {
    static func score(_ grid: ModuleGrid) -> Int {
        let size = grid.size
        var total = 0
        var darkCount = 0
        for index in 0..<size {
            let row = (0..<size).map { grid[x: $0, y: index] }
            let column = (0..<size).map { grid[x: index, y: $0] }
            total += runPenalty(row) + runPenalty(column)
            total += finderLikePenalty(row) + finderLikePenalty(column)
            darkCount += row.count { $0 }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = grid[x: x, y: y]
                if grid[x: x + 1, y: y] == color && grid[x: x, y: y + 1] == color && grid[x: x + 1, y: y + 1] == color {
                    total += 3
                }
            }
        }
        // Ten points for each full 5 % step away from half dark.
        let moduleCount = size * size
        total += 10 * (abs(darkCount * 20 - moduleCount * 10) / moduleCount)
        return total
    }

    /// N1: three points for a run of five same-coloured modules, one more for each module beyond.
    static func runPenalty(_ line: [Bool]) -> Int {
        var penalty = 0
        var runLength = 0
        for index in line.indices {
            runLength = index > 0 && line[index] == line[index - 1] ? runLength + 1 : 1
            let runEnds = index == line.count - 1 || line[index + 1] != line[index]
            if runEnds && runLength >= 5 {
                penalty += runLength - 2
            }
        }
        return penalty
    }

    /// N3: forty points for dark-light-dark-dark-dark-light-dark with four light modules on at least one side.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        var penalty = 0
        var start = 0
        while start + pattern.count <= line.count {
            guard line[start..<start + pattern.count].elementsEqual(pattern) else {
                start += 1
                continue
            }
            let before = line[max(start - 4, 0)..<start]
            let after = line[(start + 7)..<min(start + 11, line.count)]
            if !before.contains(true) || !after.contains(true) {
                penalty += 40
                start += 7
            } else {
                // The pattern's tail "101" may begin the next one.
                start += 4
            }
        }
        return penalty
    }
}
