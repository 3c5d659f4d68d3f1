#include "volsync/kopia_rules.h"

#include <functional>

#include "krm/names.h"
#include "volsync/rule_registry.h"

namespace vg {
namespace {

std::string scalar(const Doc& n) { return n.IsScalar() ? n.Scalar() : std::string(); }

// What every check sees: the object, its kind and spec.kopia, and where to report.
struct Kopia {
  const Doc& spec;
  const Doc& kopia;
  bool is_rs;
  const RuleContext& ctx;
  Findings& out;

  void report(std::string_view id, const Doc& at, const std::string& field, std::string message) const {
    out.push_back(rule_finding(id, at, ctx, field, std::move(message)));
  }
  // The field if present, else spec.kopia itself: where a missing field's finding points.
  const Doc& at(std::string_view key) const { return kopia[key] ? kopia[key] : kopia; }
};

bool templated(const std::string& s) { return s.find("${") != std::string::npos; }

// The controller reads the Secret spec.kopia.repository names (section 4). A destination may leave it
// out only when it copies the source's (sourceIdentity.sourceName without sourcePVCName or hostname).
void repository(const Kopia& k) {
  const std::string repo = scalar(k.kopia["repository"]);
  if (templated(repo)) return;
  const Doc& id = k.kopia["sourceIdentity"];
  const bool copied_from_source = !k.is_rs && !scalar(id["sourceName"]).empty() && !id["sourcePVCName"] &&
                                  !k.kopia["hostname"];
  if (repo.empty()) {
    if (!copied_from_source)
      k.report("repository-not-secret", k.kopia, "spec.kopia.repository",
               "kopia.repository is not set; it must name the Secret holding KOPIA_REPOSITORY and KOPIA_PASSWORD "
               "(the controller logs \"kopia repository configuration is required but was empty\")");
  } else if (dns1123_subdomain_error(repo)) {
    k.report("repository-not-secret", k.kopia["repository"], "spec.kopia.repository",
             "\"" + repo + "\" is not a Secret name" +
                 (repo.find(':') != std::string::npos ? " (it looks like a repository URL)" : ""));
  }
}

// The shared volume handler (VH:75-133): a destination cannot Clone; empty fails too. On a destination
// the error comes only after the restore Job ran.
void copy_method(const Kopia& k) {
  const std::string copy = scalar(k.kopia["copyMethod"]);
  if (templated(copy)) return;
  if (k.is_rs && copy != "Direct" && copy != "None" && copy != "Clone" && copy != "Snapshot")
    k.report("copymethod-invalid", k.at("copyMethod"), "spec.kopia.copyMethod",
             "unsupported copyMethod: " + copy + " -- must be Direct, None, Clone, or Snapshot");
  if (!k.is_rs && copy != "Direct" && copy != "None" && copy != "Snapshot")
    k.report("copymethod-invalid", k.at("copyMethod"), "spec.kopia.copyMethod",
             "unsupported copyMethod: " + copy + " -- must be Direct, None, or Snapshot (the kopia mover says so only "
             "after the restore Job ran)");
}

void destination_size(const Kopia& k) {
  if (k.is_rs || k.kopia["destinationPVC"]) return;
  if (!k.kopia["accessModes"] || k.kopia["accessModes"].size() == 0)
    k.report("destination-needs-size", k.kopia, "spec.kopia.accessModes",
             "accessModes must be provided when destinationPVC is not");
  if (!k.kopia["capacity"])
    k.report("destination-needs-size", k.kopia, "spec.kopia.capacity", "capacity must be provided when destinationPVC is not");
}

// B:709-737: an explicit identity on a destination needs both halves; the builder's error is then
// swallowed and the object only says "a replication method must be specified". sourceIdentity
// without sourceName is ignored (B:310-400).
void identity(const Kopia& k) {
  if (k.is_rs) return;
  const bool user = bool(k.kopia["username"]), host = bool(k.kopia["hostname"]);
  if (user != host) {
    const char* missing = user ? "hostname" : "username";
    k.report("kopia-identity-incomplete", k.at(user ? "username" : "hostname"), std::string("spec.kopia.") + missing,
             std::string("kopia ReplicationDestination error: missing '") + missing + "' (you provided '" +
                 (user ? "username" : "hostname") + "' but both are required when using explicit identity); "
                 "the object only reports \"a replication method must be specified - enabled movers: []\"");
  }
  const Doc& id = k.kopia["sourceIdentity"];
  if (id.IsMap() && scalar(id["sourceName"]).empty() && !user && !host)
    k.report("kopia-identity-incomplete", id, "spec.kopia.sourceIdentity.sourceName",
             "sourceIdentity without sourceName is ignored: the restore looks for the snapshots of " +
                 (k.ctx.resource.name.empty() ? std::string("<this object's name>") : k.ctx.resource.name) +
                 "@<namespace> instead");
}

// M:300-362: without cacheStorageClassName and cacheAccessModes the cache is an emptyDir.
void cache(const Kopia& k) {
  if (k.kopia["cacheStorageClassName"] || k.kopia["cacheAccessModes"]) return;
  const std::string capacity = scalar(k.kopia["cacheCapacity"]);
  std::string msg = "no cacheStorageClassName or cacheAccessModes: the kopia cache is an emptyDir (sizeLimit " +
                    (capacity.empty() ? std::string("8Gi") : capacity) +
                    ") on the node's disk, not a PVC, so every run starts with an empty cache";
  if (!k.is_rs && k.kopia["cleanupCachePVC"]) msg += "; cleanupCachePVC has no effect";
  k.report("kopia-cache-emptydir", k.at("cacheCapacity"), "spec.kopia.cacheStorageClassName", msg);
}

// M:170-172: a paused kopia object creates no Job, and Synchronize reports the sync as done.
void paused(const Kopia& k) {
  const Doc& p = k.spec["paused"];
  if (scalar(p) != "true") return;
  k.report("kopia-paused", p, "spec.paused",
           std::string("paused: the kopia mover starts no Job and counts the ") + (k.is_rs ? "backup" : "restore") +
               " as done, so lastSyncTime moves on with nothing " + (k.is_rs ? "backed up" : "restored") +
               " (restic instead keeps a Job at parallelism 0)");
}

// E:2270-2277: restoreAsOf is compared as a string with kopia's UTC start times (…Z).
void restore_as_of(const Kopia& k) {
  if (k.is_rs) return;
  const std::string v = scalar(k.kopia["restoreAsOf"]);
  if (v.empty() || templated(v) || v.back() == 'Z') return;
  k.report("kopia-restore-as-of", k.kopia["restoreAsOf"], "spec.kopia.restoreAsOf",
           "restoreAsOf \"" + v + "\" is not in UTC ending in Z: the mover compares it as a string with the "
           "snapshots' UTC start times, so an offset or lowercase z picks the wrong snapshot");
}

// E:725-745: every character of "|VOLSYNC_ARG_SEP|" splits additionalArgs. The value is not shown:
// arguments may carry credentials.
void additional_args(const Kopia& k) {
  const Doc& args = k.kopia["additionalArgs"];
  if (!args.IsSequence()) return;
  std::size_t i = 0;
  for (const Doc& a : args.items()) {
    const std::string v = scalar(a);
    std::string found;
    for (char c : kKopiaArgSplitChars)
      if (v.find(c) != std::string::npos) found += (found.empty() ? "" : " ") + std::string(1, c);
    if (!found.empty() && !templated(v))
      k.report("kopia-additional-args-split", a, join_field_index("spec.kopia.additionalArgs", i),
               "additionalArgs[" + std::to_string(i) + "] contains " + found +
                   ": the mover splits its arguments on each of the characters | V O L S Y N C _ A R G E P, so "
                   "kopia gets this one cut in pieces");
    ++i;
  }
}

using Check = void (*)(const Kopia&);
constexpr Check kChecks[] = {repository, copy_method, destination_size, identity, cache, paused, restore_as_of,
                             additional_args};

}  // namespace

void check_kopia_object(const Doc& obj, const RuleContext& ctx, Findings& out) {
  const bool is_rs = ctx.resource.kind == "ReplicationSource";
  if (!is_rs && ctx.resource.kind != "ReplicationDestination") return;
  const Doc& spec = obj["spec"];
  if (!spec.IsMap() || !spec["kopia"].IsMap()) return;
  const Kopia k{spec, spec["kopia"], is_rs, ctx, out};
  for (Check c : kChecks) c(k);
}

}  // namespace vg
