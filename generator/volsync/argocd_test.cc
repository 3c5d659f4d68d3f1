#include "volsync/argocd.h"

#include <gtest/gtest.h>

#include "krm/object.h"

namespace vg {
namespace {

TEST(ArgoCd, WavesPerGeneratedKind) {
  Config c;
  struct Case { const char* kind; std::optional<std::string> wave; } cases[] = {
      {"Secret", "-2"}, {"ExternalSecret", "-2"}, {"ReplicationDestination", "-1"},
      {"ReplicationSource", "1"}, {"PersistentVolumeClaim", std::nullopt}, {"ConfigMap", std::nullopt},
  };
  for (const auto& k : cases) EXPECT_EQ(sync_wave_for(k.kind, c), k.wave) << k.kind;
  c.wave_destination = "";
  EXPECT_EQ(sync_wave_for("ReplicationDestination", c), std::nullopt) << "an empty wave leaves the kind alone";
  c.argocd_sync_waves = false;
  EXPECT_EQ(sync_wave_for("Secret", c), std::nullopt);
}

TEST(ArgoCd, TemplateWaveWins) {
  Config c;
  Doc obj = Doc::map();
  set_sync_wave(obj, "ReplicationSource", c);
  EXPECT_EQ(annotation_of(obj, kArgoSyncWaveAnnotation), "1");
  Doc own = Doc::map();
  set_annotation(own, kArgoSyncWaveAnnotation, "7");
  set_sync_wave(own, "ReplicationSource", c);
  EXPECT_EQ(annotation_of(own, kArgoSyncWaveAnnotation), "7");
}

BackupPlan plan_with_wave(const char* wave, const char* restore_mode = "snapshot") {
  BackupPlan p;
  p.pvc.name = "data";
  p.pvc.namespace_ = "apps";
  if (wave) p.pvc.annotations.emplace_back(kArgoSyncWaveAnnotation, wave);
  p.settings.restore_mode = restore_mode;
  return p;
}

TEST(ArgoCd, PvcWaveMustSitBetweenRestoreAndBackup) {
  Config c;  // RD -1, RS 1
  struct Case { const char* wave; const char* mode; std::size_t warnings; } cases[] = {
      {nullptr, "snapshot", 0}, {"0", "snapshot", 0}, {"+0", "snapshot", 0},
      {"-1", "snapshot", 1},  // not after the RD
      {"1", "snapshot", 1},   // not before the RS
      {"-1", "none", 0},      // no restore: only the backup's order matters
      {"5", "none", 1},
      {"x", "snapshot", 0},   // malformed: Argo CD reports it
  };
  for (const auto& k : cases) {
    Findings f;
    check_pvc_sync_wave(plan_with_wave(k.wave, k.mode), c, f);
    EXPECT_EQ(f.size(), k.warnings) << (k.wave ? k.wave : "(none)") << " " << k.mode;
    for (const auto& x : f) {
      EXPECT_EQ(x.severity, Severity::kWarning);
      EXPECT_EQ(x.rule, kArgoSyncWaveRule);
      EXPECT_EQ(x.field, "metadata.annotations[argocd.argoproj.io/sync-wave]");
    }
  }
  Findings f;
  c.disabled_rules = {kArgoSyncWaveRule};
  check_pvc_sync_wave(plan_with_wave("1"), c, f);
  EXPECT_TRUE(f.empty()) << "the rule can be disabled";
}

}  // namespace
}  // namespace vg
