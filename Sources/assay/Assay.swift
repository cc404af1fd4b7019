// Assay — quality control for human-labelled training data.

import ArgumentParser
import AssayFormats
import AssayStore
import Foundation

/// The `assay` command: quality control for human-labelled training data.
@main
struct Assay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assay",
        abstract: "Quality control for human-labelled training data from several vendors.",
        discussion: """
            Exit status: 0 on success, 1 on bad input (the message names file, line, field and value), \
            2 on bad usage.
            """,
        version: "assay 0.7.0",
        subcommands: [
            InferCommand.self, EvalCommand.self, AgreementCommand.self, ReportCommand.self,
            SimulateCommand.self,
            StatsCommand.self, ProjectCommand.self, ImportCommand.self, GoldCommand.self, ExportCommand.self,
            BatchCommand.self, TokenCommand.self, ServeCommand.self,
            DemoCommand.self,
            PlanCommand.self, NextCommand.self, AcceptCommand.self, DriftCommand.self, FraudCommand.self,
        ])

    /// Runs a command and maps failures to the documented exit codes.
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = command
                try command.run()
            }
            // Everything printed must have reached standard output: a full disk or a closed pipe
            // is a failure, not a success.
            try TextFileWriter.flushStandardOutput()
        } catch let e as InputErrors {
            fail("error: invalid input\n" + e.description)
        } catch let e as FormatError {
            fail("error: " + e.description)
        } catch let e as InputProblem {
            fail("error: " + e.message)
        } catch let e as WriteError {
            fail("error: " + e.description)
        } catch let e as StoreError {
            fail("error: " + e.description)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(error is ExitCode ? code.rawValue : 2)
        }
    }

    /// Prints `message` on standard error and exits with status 1 (bad input).
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(1)
    }
}

/// A problem with the user's input that is not tied to one line (exit status 1).
struct InputProblem: Error {
    /// What is wrong and what was expected.
    let message: String
}

/// Writes a line to standard error.
func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
