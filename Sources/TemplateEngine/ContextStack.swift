/// The Mustache context stack as borrowed pointers: pushing and popping copies no values.
///
/// Every pointer is only valid while the closure that pinned its storage runs; the
/// renderer pushes inside that closure and pops before leaving it.
struct ContextStack: ~Copyable {
    struct Frame {
        var value: UnsafePointer<TemplateValue>
        /// The value's entries when it is an object, else empty.
        var entries: UnsafeBufferPointer<TemplateObject.Entry>
    }

    private let frames: UnsafeMutablePointer<Frame>
    private let capacity: Int
    private var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        frames = .allocate(capacity: capacity)
    }

    deinit {
        frames.deallocate()
    }

    var top: Frame {
        frames[count - 1]
    }

    mutating func push(_ frame: Frame) {
        precondition(count < capacity, "the compiler sized the stack for the deepest section")
        (frames + count).initialize(to: frame)
        count += 1
    }

    mutating func pop() {
        count -= 1
    }

    /// The value for `key` in the topmost object that has it.
    func find(_ key: String) -> UnsafePointer<TemplateValue>? {
        var level = count
        while level > 0 {
            level -= 1
            if let value = Self.find(key, in: frames[level].entries) { return value }
        }
        return nil
    }

    static func find(_ key: String, in entries: UnsafeBufferPointer<TemplateObject.Entry>) -> UnsafePointer<
        TemplateValue
    >? {
        guard let index = TemplateObject.index(of: key, in: entries) else { return nil }
        return (entries.baseAddress! + index).pointer(to: \.value)
    }
}
