// Exit codes of `cedu`, the same for every subcommand.
// Thread-safety: constants only.
#pragma once

namespace cedu::cli {

inline constexpr int kExitOk = 0;
// The bus answered with an error, or could not be reached.
inline constexpr int kExitFailed = 1;
// The command line, its JSON or the config file is wrong; nothing was sent.
inline constexpr int kExitUsage = 2;

}  // namespace cedu::cli
