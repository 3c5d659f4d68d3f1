// volsync-gen adopt: takes over an existing VolSync setup (Flux component, Kyverno policy, hand-written
// objects) without moving a backup. It reads PVCs with their ReplicationSources/Destinations and
// credentials objects, and writes the PVCs annotated so that the function regenerates those objects as
// they are (names, schedule as written, retain, classes, cache, mover fields, restore behaviour), the
// user's other objects unchanged (credentials stay the user's: mode existing), and one local-config
// VolSyncBackup with the most common values. Then it runs the function in-process on its own output
// and compares what comes back, field by field, with what went in (adopt_compare.h).
#pragma once
#include <string>
#include <vector>

#include "cli/lint.h"
#include "krm/finding.h"

namespace vg {

// One field of one object that would differ after regeneration.
struct AdoptDifference {
  std::string object;  // "ReplicationSource media/radarr"
  std::string field;   // "spec.restic.retain.weekly"
  std::string today, after;
  bool lossy = false;  // moves or loses data: a repository, a name a dataSourceRef uses, retain, ...
};

struct AdoptResult {
  bool ok = false;     // false: an input or function error (findings say which); no output
  std::string output;  // the YAML stream
  std::vector<AdoptDifference> differences;
  std::vector<std::string> notes;  // what adopt decided that the user should know (KopiaMaintenance)
  Findings findings;                // the input's or the function's errors
  std::vector<std::string> errors;  // adopt's own
};

AdoptResult adopt(const std::vector<LintSource>& sources);

// 0 nothing moves or loses data, 1 a lossy difference, 2 an input or function error.
int adopt_exit_code(const AdoptResult& r);

}  // namespace vg
