// Argo CD sync waves on generated objects (docs/argocd.md): credentials first, then the restore,
// then the user's PVC, then the backup, so a fresh cluster restores before the app starts and
// backs up only a volume that exists.
//
//   Secret / ExternalSecret   -2   spec.argocd.syncWaves.secret                 (argocdSyncWaveSecret)
//   ReplicationDestination    -1   spec.argocd.syncWaves.replicationDestination (argocdSyncWaveReplicationDestination)
//   PersistentVolumeClaim      0   never touched: Argo CD's default wave, or the PVC's own annotation
//   ReplicationSource          1   spec.argocd.syncWaves.replicationSource      (argocdSyncWaveReplicationSource)
//
// spec.argocd.syncWaves.enabled: false (argocdSyncWaves: "false") turns the annotations off.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "yaml/doc.h"
#include "krm/finding.h"
#include "volsync/plan.h"
#include "volsync/settings.h"

namespace vg {

inline constexpr const char* kArgoSyncWaveAnnotation = "argocd.argoproj.io/sync-wave";
inline constexpr const char* kArgoSyncWaveRule = "argocd-sync-wave";

// The configured wave of a generated kind; nullopt when disabled, unset ("") or not ours.
std::optional<std::string> sync_wave_for(std::string_view kind, const Config& config);

// Annotates a generated object with its wave, unless its template already set one.
void set_sync_wave(Doc& obj, std::string_view kind, const Config& config);

// A warning when the PVC's own sync-wave annotation breaks the order (RD before PVC before RS).
void check_pvc_sync_wave(const BackupPlan& plan, const Config& config, Findings& findings);

}  // namespace vg
