#include "volsync/rules.h"

#include "krm/names.h"
#include "volsync/kopia_rules.h"
#include "volsync/schedule.h"

namespace vg {
namespace {

// kopia: the perfectra1n fork's mover (its CRDs are the second embedded schema set).
constexpr std::string_view kMovers[] = {"rsync", "rsyncTLS", "rclone", "restic", "syncthing", "external", "kopia"};

struct Reporter {
  const RuleContext& ctx;
  Findings& out;
  // Disabled rules are dropped by the caller (drop_disabled), like every other rule's.
  void operator()(std::string_view id, const Doc& at, std::string field, std::string message,
                  std::string hint = {}) {
    out.push_back(rule_finding(id, at, ctx, std::move(field), std::move(message), std::move(hint)));
  }
};

std::string scalar_or_empty(const Doc& n) { return n.IsScalar() ? n.Scalar() : ""; }

// A repository that is no Secret name: a URL (it belongs in the Secret), or a name with stray
// quotes (quoted twice, "'restic-config'"), where the name without them is meant.
void report_repository_name(Reporter& report, const Doc& at, const std::string& repo) {
  std::string unquoted;
  for (char c : repo)
    if (c != '"' && c != '\'' && c != '`') unquoted += c;
  if (unquoted != repo && !unquoted.empty() && !dns1123_subdomain_error(unquoted)) {
    report("repository-not-secret", at, "spec.restic.repository",
           "\"" + repo + "\" is not a Secret name: it holds quote characters (quoted twice?); the Secret is \"" +
               unquoted + "\"",
           "write repository: " + unquoted);
    return;
  }
  const bool url = repo.find(':') != std::string::npos;
  report("repository-not-secret", at, "spec.restic.repository",
         "\"" + repo + "\" is not a Secret name" + (url ? " (it looks like a repository URL)" : ""),
         url ? "" : "name the Secret holding RESTIC_REPOSITORY (lower case letters, digits, '-' and '.')");
}

}  // namespace

Finding rule_finding(std::string_view id, const Doc& at, const RuleContext& ctx, std::string field, std::string message,
                     std::string hint) {
  const RuleInfo* r = find_rule(id);
  const int line = at.Mark().line >= 0 ? ctx.line_offset + at.Mark().line + 1
                   : ctx.line_offset > 0 ? ctx.line_offset + 1
                                         : 0;
  return Finding{.severity = r ? r->severity : Severity::kError,
                 .rule = std::string(id),
                 .message = std::move(message),
                 .resource = ctx.resource,
                 .field = std::move(field),
                 .file = ctx.file,
                 .line = line,
                 .hint = !hint.empty() ? std::move(hint) : r ? std::string(r->hint) : ""};
}

void check_volsync_object(const Doc& obj, const RuleContext& ctx, Findings& out) {
  const std::string kind = ctx.resource.kind;
  const bool is_rs = kind == "ReplicationSource", is_rd = kind == "ReplicationDestination";
  if (!is_rs && !is_rd) return;
  Reporter report{ctx, out};
  const Doc& spec = obj["spec"];
  if (!spec.IsMap()) return;  // the schema reports a missing/odd spec

  if (ctx.resource.name.size() > 51)
    report("name-too-long", obj.at({"metadata", "name"}), "metadata.name",
           "name is " + std::to_string(ctx.resource.name.size()) + " characters; VolSync before v0.12 "
           "fails when volsync-src-<name> exceeds 63");

  std::vector<std::string> movers;
  for (auto m : kMovers)
    if (spec.find(m)) movers.emplace_back(m);
  if (movers.size() != 1) {
    std::string list;
    for (const auto& m : movers) list += (list.empty() ? "" : " ") + m;
    report("mover-count", spec, "spec",
           movers.empty() ? "a replication method must be specified - enabled movers: []"
                          : "more than one replication method: [" + list + "]");
  }

  const std::string schedule = scalar_or_empty(spec.at({"trigger", "schedule"}));
  const std::string manual = scalar_or_empty(spec.at({"trigger", "manual"}));
  // rsync/rsyncTLS destinations listen for their source continuously, syncthing syncs continuously:
  // no trigger is their normal mode.
  const bool continuous = movers.size() == 1 && (movers[0] == "rsync" || movers[0] == "rsyncTLS" ||
                                                 movers[0] == "syncthing");
  if (schedule.empty() && manual.empty() && !continuous) {
    if (is_rd)
      report("trigger-missing", spec, "spec.trigger",
             "no trigger: the ReplicationDestination restores again as soon as it finishes, forever");
    else
      report("source-trigger-missing", spec, "spec.trigger", "no trigger: backups run back to back");
  }
  if (!schedule.empty())
    if (auto e = check_cron(schedule))
      report("schedule-invalid", spec.at({"trigger", "schedule"}), "spec.trigger.schedule", e->message);

  check_kopia_object(obj, ctx, out);
  const Doc& restic = spec["restic"];
  if (!restic.IsMap()) return;
  const std::string repo = scalar_or_empty(restic["repository"]);
  if (repo.empty()) {
    report("repository-not-secret", restic, "spec.restic.repository",
           "restic.repository is not set; it must name the Secret holding RESTIC_REPOSITORY");
  } else if (dns1123_subdomain_error(repo)) {
    report_repository_name(report, restic["repository"], repo);
  }

  const std::string copy = scalar_or_empty(restic["copyMethod"]);
  if (is_rs && copy != "Direct" && copy != "None" && copy != "Clone" && copy != "Snapshot")
    report("copymethod-invalid", restic["copyMethod"] ? restic["copyMethod"] : restic,
           "spec.restic.copyMethod",
           "unsupported copyMethod: " + copy + " -- must be Direct, None, Clone, or Snapshot");
  if (is_rd && copy != "Direct" && copy != "None" && copy != "Snapshot")
    report("copymethod-invalid", restic["copyMethod"] ? restic["copyMethod"] : restic,
           "spec.restic.copyMethod",
           "unsupported copyMethod: " + copy + " -- must be Direct, None, or Snapshot");

  if (is_rd && !restic["destinationPVC"]) {
    if (!restic["accessModes"] || restic["accessModes"].size() == 0)
      report("destination-needs-size", restic, "spec.restic.accessModes",
             "accessModes must be provided when destinationPVC is not");
    if (!restic["capacity"])
      report("destination-needs-size", restic, "spec.restic.capacity",
             "capacity must be provided when destinationPVC is not");
  }
  if (is_rs) {
    const Doc& retain = restic["retain"];
    if (!retain || (retain.IsMap() && retain.size() == 0) || retain.IsNull())
      report("retain-missing", retain ? retain : restic, "spec.restic.retain",
             "no retain policy: each backup is followed by restic forget --keep-last 1");
  }
}

}  // namespace vg
