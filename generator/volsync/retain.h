// restic's forget policy (ReplicationSource spec.restic.retain). Its keys are listed once, in
// retain.cc: the typed form (VolSyncBackup spec.retain, a map), the string form (ConfigMap data,
// annotations, environment: "hourly=24,within=30d") and to_doc all read that one table.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "yaml/doc.h"

namespace vg {

// Empty is refused: VolSync then runs `forget --keep-last 1`.
struct Retain {
  std::optional<std::int64_t> hourly, daily, weekly, monthly, yearly;
  std::optional<std::string> within, last;
  std::optional<std::int64_t> latest;  // kopia's keep-latest (restic's is `last`)
  bool empty() const {
    return !hourly && !daily && !weekly && !monthly && !yearly && !within && !last && !latest;
  }
  Doc to_doc() const;  // the `retain` object of a ReplicationSource
};

// What is wrong with a typed retain map: `key` names the entry ("within"), empty for the map
// itself; `mark` is where it was read.
struct RetainError {
  std::string key;
  std::string message;
  DocMark mark;
};

// The string form: "hourly=24,daily=7,within=3d". An error message, or nullopt with `out` set.
std::optional<std::string> parse_retain_string(std::string_view text, Retain& out);
// The typed form: a map whose counts are integers and whose `within` is a restic duration.
std::optional<RetainError> parse_retain_doc(const Doc& map, Retain& out);

}  // namespace vg
