// Ownership: which input objects are volsync-gen's, so that a re-run may replace or remove them,
// and which are the user's, passed through untouched whatever annotations they carry.
//
// An object is volsync-gen's only if all of these hold:
//   - the label app.kubernetes.io/managed-by: volsync-gen,
//   - the bookkeeping annotation volsync-gen.io/source-pvc naming its PVC,
//   - a kind and name the current configuration generates for that PVC in the object's namespace.
// For a PVC still in the input (selected or not) its names come from its own annotations
// (volsync-gen.io/name); for a PVC no longer in the input, from the PVC name the annotation
// records, with the configured naming. An object that carries a mark but fails a condition is a
// look-alike: it is kept and reported, because deleting a user's object is worse than leaving a
// stale one.
#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "krm/finding.h"
#include "krm/object.h"
#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {

// One object volsync-gen would generate for a PVC: API group, kind and name.
struct GeneratedName {
  std::string group, kind, name;
  bool operator==(const GeneratedName&) const = default;
};

// Every object the configuration generates for a PVC whose objects are named from `base`: per
// repository its ReplicationSource and its credentials object (a Secret in mode secret, an
// ExternalSecret in mode externalSecret, none in mode existing: that Secret is the user's), and
// the ReplicationDestination (whatever the restore mode, so that turning restores off removes it).
std::vector<GeneratedName> generated_names(std::string_view base, const Config& config);
// The same for a PVC, with its naming annotations and spec.naming (naming.h) resolved.
std::vector<GeneratedName> generated_names(const PvcFacts& pvc, const Config& config);

enum class Owner { kUser, kVolsyncGen, kLookAlike };
enum class PvcState { kSelected, kDeselected, kGone };  // of the PVC an owned object belongs to

struct OwnershipVerdict {
  Owner owner = Owner::kUser;
  PvcState pvc = PvcState::kGone;
  std::string why;  // for a look-alike: what is missing or different
};

// The decision for one object. `pvc` is the PVC the annotation names in the object's namespace,
// or nullptr when it is not in the input; `selected` says whether it is selected for backup.
OwnershipVerdict decide_ownership(const ItemSpan& obj, const PvcFacts* pvc, bool selected,
                                  const Config& config);

// The verdicts of a whole input: only objects carrying a mark get one. Look-alikes are reported
// as warnings when judged.
class Ownership {
 public:
  void judge(const std::vector<InputObject>& objects, const std::deque<PvcFacts>& pvcs, const Config& config,
             Findings& findings);
  bool ours(std::size_t object_index) const;
  // The info finding for an owned object a run leaves out: what it was, its PVC and why.
  Finding removed(const InputObject& obj, std::size_t object_index) const;

 private:
  std::unordered_map<std::size_t, OwnershipVerdict> verdicts_;
};

}  // namespace vg
