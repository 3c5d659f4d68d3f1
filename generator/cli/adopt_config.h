// What adopt writes: each backed-up PVC's volsync-gen.io/* annotations and one VolSyncBackup with the
// values the PVCs share (the most common one as the default, the others as annotations).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "cli/adopt_objects.h"
#include "yaml/doc.h"

namespace vg {

struct AdoptedConfig {
  Doc volsync_backup;  // the functionConfig, marked local-config
  std::map<std::size_t, std::vector<std::pair<std::string, std::string>>> annotations;  // by PVC object
  std::vector<std::string> notes;  // for stderr: what adopt decided for the user (KopiaMaintenance)
};

AdoptedConfig adopted_config(const std::vector<SourceObject>& objects, const std::vector<TodaysBackup>& backups);

// The value VolSync uses when a field is unset ("" when it has none), so unset and that value compare equal.
std::string volsync_default(std::string_view kind, std::string_view field);

// A field's value as one line of text (scalars as they are, lists and objects in flow style).
std::string value_text(const Doc& n);

}  // namespace vg
