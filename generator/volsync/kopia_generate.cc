#include "volsync/kopia_generate.h"

#include "volsync/kopia_credentials.h"
#include "volsync/kopia_mover.h"
#include "volsync/kopia_repository.h"
#include "volsync/schedule.h"

namespace vg {

void kopia_variables(Vars& v, const BackupPlan& plan, const RepoPlan& rp, const Config& config,
                     const SourceCredentials* creds) {
  const Settings& s = rp.settings;
  const Repository& repo = config.repositories[rp.repo_index];
  const KopiaLocationResult loc = kopia_location(repo, rp.repository);
  const KopiaLocation location = loc.location.value_or(KopiaLocation{});
  if (creds) v["secret.data"] = kopia_secret_data(creds, location);
  if (repo.credentials.mode == Credentials::Mode::kExternalSecret)
    v["es.templateData"] = kopia_external_secret_data(repo, location);
  v["retain"] = kopia_effective_retain(s.retain).to_doc();
  v["compression"] = s.compression.empty() ? Doc() : Doc::string(s.compression);
  v["parallelism"] = s.parallelism ? Doc::scalar(std::to_string(*s.parallelism)) : Doc();
  Doc actions = Doc::map();
  if (!s.before_snapshot.empty()) actions.set("beforeSnapshot", Doc::string(s.before_snapshot));
  if (!s.after_snapshot.empty()) actions.set("afterSnapshot", Doc::string(s.after_snapshot));
  v["actions"] = actions.size() ? actions : Doc();
  Doc identity = Doc::map();
  identity.set("sourceName", Doc::string(plan.primary_repo().rs_name));
  identity.set("sourceNamespace", Doc::string(plan.pvc.namespace_));
  v["sourceIdentity"] = std::move(identity);
}

std::string kopia_maintenance_name(const Repository& repo) {
  return "kopia-maintenance" + (repo.name.empty() ? std::string() : "-" + repo.name);
}

Vars kopia_maintenance_variables(const BackupPlan& plan, const RepoPlan& rp, const Config& config) {
  const Repository& repo = config.repositories[rp.repo_index];
  Vars v;
  v["namespace"] = Doc::string(plan.pvc.namespace_);
  v["maintenance.name"] = Doc::string(kopia_maintenance_name(repo));
  v["secret.name"] = Doc::string(rp.secret_name);
  // Spread like backups, per namespace and repository: many namespaces' maintenance of one
  // repository would otherwise all start at once.
  const std::string seed = plan.pvc.namespace_ + "/" + kopia_maintenance_name(repo);
  auto sched = resolve_schedule(config.kopia_maintenance_schedule, seed,
                                SpreadWindow{config.spread_first_hour, config.spread_last_hour});
  const auto* r = std::get_if<ResolvedSchedule>(&sched);
  v["maintenanceSchedule"] = Doc::string(r ? r->cron : config.kopia_maintenance_schedule);
  v["moverSecurityContext"] = rp.settings.effective_security_context();
  v["moverVolumes"] = rp.mover_volumes;
  return v;
}

}  // namespace vg
