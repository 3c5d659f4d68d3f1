#include "volsync/rule_registry.h"

#include <algorithm>

#include "krm/suggest.h"

namespace vg {
namespace {

constexpr Severity kE = Severity::kError, kW = Severity::kWarning, kI = Severity::kInfo;
constexpr RuleGroup kIn = RuleGroup::kInput, kSc = RuleGroup::kSchema, kRt = RuleGroup::kRuntime,
                    kX = RuleGroup::kCrossObject, kCf = RuleGroup::kConfig, kFn = RuleGroup::kFunction,
                    kRd = RuleGroup::kRender;
constexpr bool kCan = true, kNever = false;

// Why the rules of a group that cannot be disabled cannot (runtime and cross-object ones all can).
std::string_view why_always(RuleGroup g) {
  switch (g) {
    case RuleGroup::kInput: return "the input could not be read as it is";
    case RuleGroup::kSchema: return "the API server would refuse or change the object";
    case RuleGroup::kConfig: return "the configuration or a PVC is wrong, so the output would be too";
    case RuleGroup::kFunction: return "the function would emit wrong objects";
    case RuleGroup::kRender: return "render reports it about its own input and output";
    case RuleGroup::kRuntime:
    case RuleGroup::kCrossObject: break;
  }
  return "it guards the output's correctness";
}

}  // namespace

const std::vector<RuleInfo>& rule_registry() {
  static const std::vector<RuleInfo> rules = {
      // ---- input -------------------------------------------------------------------------------
      {"input-unreadable", kE, kIn, "a path could not be read", "check the path and permissions", kNever},
      {"yaml-parse", kE, kIn, "the YAML could not be parsed", "fix the syntax at the line shown", kNever},
      {"yaml-duplicate-key", kE, kIn,
       "a key appears twice in one mapping: strict decoders (kustomize, Flux) reject the object",
       "keep one of the two keys", kNever},
      {"yaml-alias-cycle", kE, kIn, "a YAML alias refers to a node that contains it",
       "replace the alias with the value it should stand for", kNever},
      {"yaml-alias-scope", kE, kIn, "a YAML alias refers to an anchor of another object",
       "anchors are per object: repeat the value, or anchor it in this object", kNever},
      {"not-an-object", kE, kIn, "a YAML document is not a Kubernetes object",
       "each document must be a mapping with apiVersion and kind", kNever},
      {"list-item", kE, kIn, "an item of a List (kind List or *List) is not an object, or its items are not a list",
       "kubectl and kustomize refuse such a List: make every item an object", kNever},
      {"not-a-resource-list", kE, kIn, "the function's input is not a KRM ResourceList",
       "run volsync-gen as a KRM function (kustomize, kpt) or pipe a ResourceList", kNever},
      {"not-kubernetes", kI, kIn, "a YAML document is not a Kubernetes object (a list, a scalar, no apiVersion/kind): lint skips it",
       "nothing to do; exclude the file from lint to silence this", kNever},
      {"resource-list-in-stream", kE, kIn, "a ResourceList was given to the legacy plugin (stream) mode",
       "run volsync-gen without arguments for a ResourceList; the plugin mode reads the objects themselves", kNever},
      {"limit-input-size", kE, kIn, "the input is larger than --max-input-bytes",
       "split the input, or raise the limit", kNever},
      {"limit-items", kE, kIn, "the input has more objects than the item limit",
       "split the input, or raise the limit", kNever},
      {"limit-scalar", kE, kIn, "a scalar is longer than the scalar limit", "shorten the value, or raise the limit",
       kNever},
      {"limit-aliases", kE, kIn, "YAML aliases expand beyond the alias limit (billion laughs)",
       "write the values out instead of aliasing them", kNever},
      {"limit-depth", kE, kIn, "the YAML is nested deeper than the depth limit", "flatten the document", kNever},
      // ---- schema --------------------------------------------------------------------------------
      {"schema", kE, kSc, "the value does not match the VolSync CRD schema",
       "compare with the field's type in the CRD (kubectl explain)", kNever},
      {"schema-unknown-field", kE, kSc,
       "a field the CRD does not define: the API server prunes it or, with strict validation, rejects it",
       "check the spelling and the nesting level (e.g. moverAffinity belongs under spec.restic)", kNever},
      {"volsync-unknown-version", kE, kSc,
       "an object of the volsync.backube group in a version VolSync does not serve: the API server refuses it",
       "use apiVersion: volsync.backube/v1alpha1", kNever},
      {"schema-null-pruned", kW, kSc, "a null value where the schema does not allow one: the API server drops it",
       "omit the field instead of writing null", kCan},
      // ---- VolSync runtime rules (rules.h) ------------------------------------------------------
      {"mover-count", kE, kRt, "exactly one mover (restic, rclone, rsync, ...) per object",
       "keep one mover section under spec", kCan},
      {"repository-not-secret", kE, kRt, "restic.repository must name a Secret, not a URL",
       "put the URL in the Secret's RESTIC_REPOSITORY and name the Secret here", kCan},
      {"copymethod-invalid", kE, kRt, "copyMethod missing or not supported by this object",
       "ReplicationSource: Direct, Clone or Snapshot; ReplicationDestination: Direct or Snapshot", kCan},
      {"destination-needs-size", kE, kRt,
       "a ReplicationDestination without destinationPVC needs accessModes and capacity",
       "copy accessModes and capacity from the PVC you restore, or set destinationPVC", kCan},
      {"trigger-missing", kE, kRt, "a ReplicationDestination without a trigger restores in a loop",
       "set spec.trigger.manual to a stable value such as restore-once", kCan},
      {"source-trigger-missing", kW, kRt, "a ReplicationSource without a trigger backs up continuously",
       "set spec.trigger.schedule", kCan},
      {"schedule-invalid", kE, kRt, "the schedule is not 5 numeric cron fields or a descriptor VolSync accepts",
       "use e.g. \"17 3 * * *\" or @daily", kCan},
      {"retain-missing", kW, kRt, "no retain policy: VolSync runs restic forget --keep-last 1",
       "set spec.restic.retain, e.g. {hourly: 24, daily: 7, weekly: 4}", kCan},
      {"name-too-long", kW, kRt, "names over 51 characters break the Jobs VolSync derives (before v0.12)",
       "shorten the name to at most 51 characters", kCan},
      {"kopia-identity-incomplete", kE, kRt,
       "kopia ReplicationDestination: only one of username/hostname, or a sourceIdentity without sourceName",
       "set both username and hostname, or sourceIdentity.sourceName: <the ReplicationSource's name>", kCan},
      {"kopia-cache-emptydir", kI, kRt,
       "kopia without cacheStorageClassName or cacheAccessModes: the cache is an emptyDir, empty on every run",
       "set cacheStorageClassName (and cacheCapacity) to keep the cache in a PVC between runs", kCan},
      {"kopia-paused", kW, kRt,
       "a paused kopia object starts no Job but counts the sync as done: lastSyncTime moves without a backup",
       "remove paused when done; do not read lastSyncTime as a backup while it is set", kCan},
      {"kopia-restore-as-of", kW, kRt,
       "kopia restoreAsOf not in UTC ending in Z: the mover compares it as a string with UTC snapshot times",
       "write restoreAsOf in UTC, e.g. 2026-03-01T12:00:00Z", kCan},
      {"kopia-additional-args-split", kE, kRt,
       "a kopia additionalArgs item contains a character the mover splits arguments on (a pipe, or one of "
       "V O L S Y N C _ A R G E P)",
       "drop the argument, or set the option another way (policyConfig, compression, parallelism)", kCan},
      // ---- lint: across objects, Secrets, PVCs ---------------------------------------------------
      {"unsubstituted-variable", kI, kX,
       "a value holds an unsubstituted ${VAR} (Flux postBuild / envsubst template): those fields are not "
       "type-checked",
       "lint the output of `flux build kustomization` or envsubst to check them", kCan},
      {"secret-missing-key", kE, kX, "a restic repository Secret lacks RESTIC_REPOSITORY or RESTIC_PASSWORD",
       "add both keys to the Secret's data or stringData", kCan},
      {"secret-key-ignored", kW, kX,
       "a key of a repository Secret that VolSync does not pass to restic (typo, or another tool's name)",
       "use the names restic reads, e.g. AWS_DEFAULT_REGION instead of AWS_REGION", kCan},
      {"repository-shared", kE, kX,
       "two ReplicationSources write the same restic repository: forget and restore mix their snapshots",
       "give each PVC its own Secret with its own RESTIC_REPOSITORY path", kCan},
      {"repository-local-path", kW, kX, "RESTIC_REPOSITORY is a local path but the mover mounts no moverVolumes",
       "mount the repository with spec.restic.moverVolumes (or make sure a policy injects it)", kCan},
      {"repository-secret-not-found", kI, kX,
       "the inputs define repository Secrets, but none with the name restic.repository gives",
       "check the Secret name, or ignore if the Secret is created elsewhere", kCan},
      {"rs-rd-same-name", kW, kX,
       "a ReplicationSource and a ReplicationDestination share a name: before VolSync v0.13 they share "
       "the cache PVC volsync-<name>-cache",
       "name the destination differently, e.g. <name>-dst", kCan},
      {"populator-apigroup", kE, kX, "a PVC dataSourceRef to a ReplicationDestination without apiGroup volsync.backube",
       "set dataSourceRef.apiGroup: volsync.backube", kCan},
      {"populator-rd-not-snapshot", kE, kX,
       "a PVC restores from a ReplicationDestination whose copyMethod is not Snapshot",
       "set copyMethod: Snapshot on the ReplicationDestination", kCan},
      {"secret-key-shared", kI, kX,
       "one access key id (AWS_ACCESS_KEY_ID, B2_ACCOUNT_ID, an Azure account with its key or SAS, "
       "GOOGLE_APPLICATION_CREDENTIALS, RESTIC_REST_USERNAME) is in Secrets of several namespaces: reading "
       "one of them opens the backups of all",
       "give each namespace its own key, scoped by a bucket policy to its prefix (credentials.byNamespace)", kCan},
      {"populator-rd-not-found", kI, kX, "a PVC dataSourceRef names a ReplicationDestination that is not in the inputs",
       "check the name, or lint the ReplicationDestination together with the PVC", kCan},
      {"destination-pvc-populated", kE, kX,
       "a ReplicationDestination's destinationPVC is the PVC that waits to be populated from it (dataSourceRef): "
       "neither can ever finish (backube/volsync#1129)",
       "drop destinationPVC (the populator restores into the PVC), or drop the PVC's dataSourceRef and restore "
       "with destinationPVC and copyMethod Direct", kCan},
      {"repository-secret-near-name", kW, kX,
       "no object of the unit makes the repository Secret, but one makes a Secret with a near name (an "
       "ExternalSecret's target, a secretGenerator, whose name kustomize suffixes with a hash)",
       "use the name the Secret is made with", kCan},
      {"populator-rd-not-in-unit", kW, kX,
       "a PVC dataSourceRef names a ReplicationDestination that its unit (kustomization, Flux Kustomization) "
       "does not hold: the PVC stays Pending when the unit is applied alone",
       "add the ReplicationDestination to the unit, or check its name", kCan},
      {"privileged-movers-ignored", kW, kX,
       "volsync.backube/privileged-movers is set on a ReplicationSource/ReplicationDestination: VolSync reads it "
       "only from the Namespace",
       "annotate the Namespace with volsync.backube/privileged-movers: \"true\" and remove it here", kCan},
      {"repository-backend-keys", kE, kX,
       "a repository Secret lacks the keys restic needs for the backend its RESTIC_REPOSITORY names (s3:, b2:, "
       "azure:)",
       "add the keys of the repository's backend (the finding names them)", kCan},
      {"kopia-secret-missing-key", kE, kX, "a kopia repository Secret lacks KOPIA_REPOSITORY or KOPIA_PASSWORD",
       "add both keys to the Secret (KOPIA_REPOSITORY also for a moverVolumes PVC repository)", kCan},
      {"kopia-secret-backend", kE, kX,
       "the kopia mover finds no backend in the Secret (it picks one by keys and never parses azure://, b2://, ... "
       "URLs), the backend lacks a key it needs, or the filesystem:// path is invalid",
       "set the backend's key (KOPIA_S3_BUCKET or s3://, KOPIA_B2_BUCKET, KOPIA_AZURE_CONTAINER, filesystem:///path, "
       "...) and its credentials", kCan},
      {"kopia-secret-key-ignored", kW, kX,
       "a key of a kopia repository Secret that the mover does not pass to its backup and restore Jobs",
       "use the names the mover reads (AWS_REGION, not KOPIA_S3_REGION); drop leftovers such as KOPIA_FS_PATH",
       kCan},
      {"kopia-nfs-repository", kE, kX,
       "a kopia object mounts an NFS moverVolume, but its Secret's KOPIA_REPOSITORY is not filesystem:///mnt/<mountPath>",
       "set KOPIA_REPOSITORY: filesystem:///mnt/<mountPath> (the same mountPath on source, destination and "
       "KopiaMaintenance)", kCan},
      // One id for both places that see it: the function's source Secrets of one repository, and lint's
      // Secrets of a filesystem repository on one NFS share.
      {"kopia-password-mismatch", kE, kX,
       "two Secrets of one kopia repository hold different KOPIA_PASSWORDs (the function's source Secrets, or "
       "Secrets of a filesystem repository on the same NFS share)",
       "give every Secret of the shared repository the same KOPIA_PASSWORD (one ExternalSecret key)", kCan},
      {"kopia-identity-mismatch", kE, kX,
       "a kopia ReplicationDestination restores an identity no source in the inputs writes (its own name differs "
       "from the source's): the restore finds nothing and still succeeds",
       "set spec.kopia.sourceIdentity.sourceName to the ReplicationSource's name (or username and hostname as the "
       "source has them)", kCan},
      // ---- the function's configuration and PVCs ------------------------------------------------
      {"config", kE, kCf, "the functionConfig (VolSyncBackup or ConfigMap) or an environment override is invalid",
       "see the field named; the settings are listed in the README", kNever},
      {"credentials-by-namespace", kE, kCf,
       "a selected PVC's namespace has no credentials: no byNamespace entry matches it and no fallback "
       "(credentials.secretName / remoteKey) is set, or two globs of byNamespace match it",
       "add the namespace (or a glob) to byNamespace, or set the fallback; make the globs disjoint", kNever},
      {"template", kE, kCf, "a template (--templates, or an embedded one) cannot be read or expanded",
       "fix the template at the line shown", kNever},
      {"repository", kE, kCf, "no usable restic repository: none configured, or not a restic repository string",
       "set spec.repository (or url) in the functionConfig", kNever},
      {"source-secret", kE, kCf, "a source Secret is missing, ambiguous or malformed",
       "add the Secret the credentials name, with string values", kNever},
      {"selection", kE, kCf, "the backup label's value is neither true nor a schedule preset",
       "use a preset, or annotate the schedule with a cron expression", kNever},
      {"namespace-policy", kE, kCf,
       "a selected PVC is in a namespace the policy (spec.namespaces) does not allow: it would receive the credentials",
       "allow the namespace in spec.namespaces, remove the PVC's backup label, or set spec.namespaces.action: warn",
       kNever},
      {"namespace-policy-skipped", kW, kCf,
       "a selected PVC is outside the namespace policy (spec.namespaces, action warn): it gets no backup objects",
       "allow the namespace in spec.namespaces, or remove the PVC's backup label", kNever},
      {"annotation", kE, kCf, "a volsync-gen.io/ annotation on a PVC is unknown or has an invalid value",
       "check the annotation's name and value", kNever},
      {"pvc", kE, kCf, "a selected PVC is malformed (no name, labels or annotations not a map of strings)",
       "fix the PVC's metadata", kNever},
      {"pvc-namespace", kE, kCf, "a selected PVC has no namespace: its repository path and objects need one",
       "set metadata.namespace (kustomize: namespace:) on the PVC", kNever},
      {"pvc-capacity", kE, kCf, "a selected PVC has no valid storage request: the restore needs its capacity",
       "set spec.resources.requests.storage", kNever},
      {"pvc-access-modes", kE, kCf, "a selected PVC has no accessModes: the restore needs them",
       "set spec.accessModes", kNever},
      {"name-length", kE, kCf, "a generated object name is too long for Kubernetes or for VolSync's Job names",
       "set a shorter volsync-gen.io/name on the PVC", kNever},
      {"name-invalid", kE, kCf,
       "a PVC's name or volsync-gen.io/name has characters a generated name cannot have (DNS-1123 label)",
       "set volsync-gen.io/name to lower case letters, digits and '-'", kNever},
      {"naming", kE, kCf,
       "a naming template (spec.naming or a PVC's name annotation) does not resolve for a PVC, or gives an invalid "
       "repository path",
       "give the PVC the label ${app} needs, or set another template for it", kNever},
      {"generated-duplicate", kE, kCf,
       "two PVCs, or two repositories of one PVC, would generate one object (kind, namespace and name)",
       "give one PVC another volsync-gen.io/name, or each repository its own credentials.secretSuffix", kNever},
      {"skip-restore", kE, kCf, "restore is skipped without a reason",
       "annotate volsync-gen.io/skip-restore-reason with why this PVC never needs a restore", kNever},
      {"bootstrap", kE, kCf, "a bootstrap restore that cannot work: copyMethod not Snapshot, or the PVC has another data source",
       "use copyMethod Snapshot, or restore: snapshot or manual for this PVC", kNever},
      {"restore-now", kE, kCf, "restore-now is set but the restore mode is not manual",
       "remove restore-now, or set restore: manual", kNever},
      {"mover-retain", kE, kCf,
       "the retain policy has a key the PVC's mover does not have (restic's within or last with kopia, kopia's "
       "latest with restic)",
       "use the mover's keys: kopia keeps hourly, daily, weekly, monthly, yearly, latest", kNever},
      // ---- the function's checks ----------------------------------------------------------------
      {"mover-setting-ignored", kW, kFn,
       "a setting the PVC's mover has no place for (a repository path or unlock with kopia) would do nothing",
       "remove the setting for those PVCs, or choose the mover it belongs to", kCan},
      {"cache-small", kW, kFn, "the restic cache is small for the PVC: large backups may run slowly or fail",
       "raise volsync-gen.io/cache-capacity", kCan},
      {"secret-backend-keys", kE, kFn, "a source Secret lacks the keys the repository's backend needs",
       "add the backend's keys (e.g. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for s3)", kCan},
      {"privileged-movers", kW, kFn, "privileged movers need their Namespace annotated, and it is not in the input",
       "kubectl annotate namespace <ns> volsync.backube/privileged-movers=true", kCan},
      {"argocd-sync-wave", kW, kFn, "a PVC's Argo CD sync wave is out of order with its generated objects",
       "give the PVC a wave between the ReplicationDestination's and the ReplicationSource's", kCan},
      {"data-source-ref-missing", kE, kFn,
       "a PVC's dataSourceRef names a ReplicationDestination the output does not contain: recreated, it stays Pending",
       "name the ReplicationDestination after it (volsync-gen.io/destination-name), or keep it in the input", kCan},
      {"generated-invalid", kE, kFn, "a generated object fails the schema or the runtime rules",
       "check the templates (--templates) and the configuration", kNever},
      {"generated-clash", kE, kFn, "an input object not made by volsync-gen has a generated object's name",
       "rename one of them or set volsync-gen.io/name on the PVC", kNever},
      {"generated-look-alike", kW, kFn,
       "an object carries volsync-gen's label or annotation but is not provably generated by it, so it is kept",
       "if it is yours, remove the label and annotation; if it is a leftover, delete it", kNever},
      {"generated-removed", kI, kFn,
       "a generated object was removed: its PVC is no longer in the input, no longer selected, or no longer "
       "needs it", "nothing to do unless the PVC should still be backed up", kNever},
      {"list-edit", kE, kFn, "an object inside a List must change, and its List cannot be edited in place",
       "write the `- ` of the object on its own, or move the object out of the List", kNever},
      // ---- render --------------------------------------------------------------------------------
      {"render-input", kE, kRd, "an input directory or file cannot be read", "check the path and --max-input-bytes",
       kNever},
      {"render-config", kE, kRd, "no single VolSyncBackup (or --config file) to render with",
       "give exactly one VolSyncBackup, in the input or with --config", kNever},
      {"render-generated-input", kE, kRd,
       "an input object was generated by volsync-gen: with render, generated objects live in the output only",
       "delete it from the source tree or --exclude its file", kNever},
      {"render-name", kE, kRd, "two PVCs would render to the same file, or a name cannot be a file name",
       "rename one of the PVCs", kNever},
      {"render-plaintext-secret", kE, kRd, "a plaintext Secret would be written to the repository",
       "use ExternalSecrets, or pass --allow-plaintext-secrets", kNever},
      {"render-output", kE, kRd, "the output directory cannot be written, or holds files render did not write",
       "choose an empty directory, or one render wrote before", kNever},
      {"render-source-edit", kW, kRd,
       "the function would change an input object (a PVC's dataSourceRef, a Secret's annotations), which render "
       "cannot write",
       "make the change shown in your file", kNever},
      {"internal", kE, kRd, "an internal error", "please report it with the input that caused it", kNever},
  };
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& r : rule_registry())
    if (r.id == id) return &r;
  return nullptr;
}

const char* rule_group_name(RuleGroup g) {
  switch (g) {
    case RuleGroup::kInput: return "input";
    case RuleGroup::kSchema: return "schema";
    case RuleGroup::kRuntime: return "runtime";
    case RuleGroup::kCrossObject: return "cross-object";
    case RuleGroup::kConfig: return "config";
    case RuleGroup::kFunction: return "function";
    case RuleGroup::kRender: return "render";
  }
  return "unknown";
}

void check_disabled_rules(const std::vector<std::string>& ids, const Finding& where, Findings& out) {
  std::vector<std::string> can;
  for (const auto& r : rule_registry())
    if (r.can_disable) can.emplace_back(r.id);
  for (const auto& id : ids) {
    const RuleInfo* r = find_rule(id);
    if (r && r->can_disable) continue;
    Finding f = where;
    f.severity = Severity::kError;
    f.rule = "config";
    if (!r) {
      const std::string near = closest(id, can);
      f.message = "no rule \"" + id + "\"" + (near.empty() ? "" : "; did you mean " + near + "?");
      f.hint = "lint --list-rules prints every rule id";
    } else {
      f.message = "rule \"" + id + "\" cannot be disabled: " + std::string(why_always(r->group));
      f.hint = "fix what it reports instead";
    }
    out.push_back(std::move(f));
  }
}

bool rule_disabled(std::string_view id, const std::vector<std::string>& disabled) {
  if (std::find(disabled.begin(), disabled.end(), id) == disabled.end()) return false;
  const RuleInfo* r = find_rule(id);
  return r && r->can_disable;
}

void drop_disabled(Findings& findings, const std::vector<std::string>& disabled) {
  if (disabled.empty()) return;
  std::erase_if(findings, [&](const Finding& f) { return rule_disabled(f.rule, disabled); });
}

}  // namespace vg
