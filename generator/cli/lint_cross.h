// lint's cross-object rules (repositories written twice, RS/RD name clashes, volume-populator
// references, repository Secret keys), over what each object leaves behind once its own checks
// ran: a few fields and their lines, not its tree. Memory then holds facts, not every object.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "cli/lint_runtime_facts.h"
#include "krm/finding.h"
#include "krm/object.h"
#include "cli/lint_kopia_facts.h"

namespace vg {

// What the cross-object rules read of one object. Lines are those of the object's file.
struct LintFacts {
  ResourceRef ref;
  std::string file;
  int line = 0;  // the object's first line

  // Credentials: v1 Secret, ExternalSecret, SealedSecret.
  std::string credentials_name;        // the name of the Secret it makes
  bool keys_known = false;             // a v1 Secret (an ExternalSecret's keys are only partly known)
  std::map<std::string, int> keys;     // key -> line of the key (0 when unknown)
  bool has_repository = false;         // RESTIC_REPOSITORY: a key, and its value when literal
  std::string repository;
  bool local_config = false;           // marked config.kubernetes.io/local-config: "true"
  std::string data_field;              // "stringData" when present, else "data"
  int data_field_line = 0;
  // Access key ids (AWS_ACCESS_KEY_ID, ...; see kAccessKeyIds in lint_cross.cc) as fingerprints of
  // their values: enough to see one key copied into several namespaces, and no value is kept.
  struct AccessKey {
    std::string key;          // "AWS_ACCESS_KEY_ID", or "AZURE_ACCOUNT_NAME+AZURE_ACCOUNT_KEY"
    std::uint64_t fingerprint = 0;
    std::string field;        // data.AWS_ACCESS_KEY_ID or stringData.AWS_ACCESS_KEY_ID
    int line = 0;
  };
  std::vector<AccessKey> access_keys;

  // ReplicationSource / ReplicationDestination.
  bool restic = false;                 // spec.restic is a map
  std::string restic_repository;       // spec.restic.repository (the last value, as lenient readers keep)
  int restic_repository_line = 0;
  bool mover_volumes_empty = true;
  int name_line = 0;                   // metadata.name
  std::vector<std::string> copy_methods;  // of each copy mover spec present (restic, rclone, rsync, rsyncTLS)

  // PVC restored by the volume populator from a ReplicationDestination.
  std::string populator_field;         // "spec.dataSourceRef" or "spec.dataSource"; empty when none
  std::string populator_api_group, populator_name;
  int populator_line = 0, populator_api_group_line = 0, populator_name_line = 0;

  // The unit it is applied in (lint_units.h; 0: the loose unit). ref.namespace_ is then the
  // namespace the unit gives it, when it gives one.
  std::size_t unit = 0;
  bool unit_complete = false;  // every file of the unit is among the inputs
  LintRuntimeFacts runtime;  // lint_runtime_rules.h
  // kopia objects and Secrets only (lint_kopia.h), else null; shared by the copies of an object in several units
  std::shared_ptr<const KopiaFacts> kopia;
};

// Moved, not copied, when the vector of every object's facts grows.
static_assert(std::is_nothrow_move_constructible_v<LintFacts>);

bool lint_is_volsync(const ResourceRef& r);
// The one API version VolSync serves (volsync.backube/v1alpha1).
bool lint_is_volsync_version(std::string_view api_version);
bool lint_is_secret(const ResourceRef& r);
bool lint_is_pvc(const ResourceRef& r);
bool lint_is_other_credentials(const ResourceRef& r);

// The line of a node in the object's file; the object's first line when the node has no mark.
int lint_line_at(const InputObject& o, const Doc& n);
// The field path notation of schema.cc: plain keys joined by dots, others as ["key"].
std::string lint_join_key(const std::string& path, const std::string& key);

// The facts of one object (`doc` its tree, `obj` where it is).
LintFacts lint_facts(const InputObject& obj, const Doc& doc);

// Objects surely in one namespace: the same known namespace, or both without one in one unit.
bool lint_same_namespace(const LintFacts& a, const LintFacts& b);
// Objects that may be in one namespace: the above, or in one unit with one namespace unknown (set
// at deploy time). Objects of different units only with the same known namespace.
bool lint_may_share_namespace(const LintFacts& a, const LintFacts& b);
// A key equal for objects surely in one namespace.
std::string lint_namespace_key(const LintFacts& o);

// Reports a finding of `rule` about `about` at `line`, with the rule's hint or `hint`.
struct LintReport {
  using Fn = std::function<void(const LintFacts& about, std::string_view rule, int line, std::string field,
                                std::string message, std::string hint)>;
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, LintReport>>>
  LintReport(F f) : fn(std::move(f)) {}  // NOLINT: implicit, as the std::function it wraps
  void operator()(const LintFacts& about, std::string_view rule, int line, std::string field, std::string message,
                  std::string hint = {}) const {
    fn(about, rule, line, std::move(field), std::move(message), std::move(hint));
  }
  Fn fn;
};

// Secrets that volsync-gen's configuration names as its source Secrets: (namespace or "", name).
using SourceSecretNames = std::set<std::pair<std::string, std::string>>;

void cross_object_rules(const std::vector<LintFacts>& objects, const SourceSecretNames& source_secrets,
                        const LintReport& report);

}  // namespace vg
