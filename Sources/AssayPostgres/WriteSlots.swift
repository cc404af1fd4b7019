// Assay — quality control for human-labelled training data.

/// Turns for the writes that hold a project's advisory lock: at most `capacity` of them hold a
/// pooled connection at once, so that one connection of the pool stays free for the id block the
/// lock holder takes in its own short transaction. Without it, as many pushes into one project as
/// the pool has connections took every connection (one holding the lock, the others waiting for
/// it) and the holder waited for a connection for ever.
actor WriteSlots {
    private let capacity: Int
    private var used = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Slots for `capacity` writers at once (at least one).
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Waits for a free slot, first come first served.
    func acquire() async {
        if used < capacity {
            used += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Frees a slot, handing it to the longest waiter when there is one.
    func release() {
        if waiting.isEmpty {
            used -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
