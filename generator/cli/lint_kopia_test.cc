// lint's kopia rules across objects (lint_kopia.cc) and the facts they read (lint_kopia_facts.cc),
// on components in the shape home-ops repositories write them (../shared/research/kopia.md section 8).
#include "cli/lint_kopia.h"

#include <gtest/gtest.h>

#include <string>

#include "cli/lint.h"

using namespace vg;

namespace {

// One app's kopia component: a shared filesystem repository on NFS through moverVolumes, an RS named
// after the app, an RD <app>-dst restoring the app's identity, the PVC it populates, and the
// KopiaMaintenance of the repository in the VolSync namespace.
const std::string kComponent = R"(apiVersion: v1
kind: Secret
metadata:
  name: app-volsync-secret
  namespace: media
stringData:
  KOPIA_REPOSITORY: filesystem:///mnt/repository
  KOPIA_PASSWORD: pw
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata:
  name: app
  namespace: media
spec:
  sourcePVC: app
  trigger:
    schedule: "0 * * * *"
  kopia:
    repository: app-volsync-secret
    compression: zstd-fastest
    parallelism: 2
    copyMethod: Snapshot
    retain: {hourly: 24, daily: 7}
    cacheCapacity: 5Gi
    cacheStorageClassName: openebs-hostpath
    moverSecurityContext: {runAsUser: 2000, runAsGroup: 2000, fsGroup: 2000}
    moverVolumes:
      - mountPath: repository
        volumeSource:
          nfs: {server: nas.internal, path: /volsync}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata:
  name: app-dst
  namespace: media
spec:
  trigger:
    manual: restore-once
  kopia:
    repository: app-volsync-secret
    copyMethod: Snapshot
    capacity: 5Gi
    accessModes: [ReadWriteOnce]
    sourceIdentity:
      sourceName: app
    cacheCapacity: 5Gi
    cacheStorageClassName: openebs-hostpath
    cleanupCachePVC: true
    cleanupTempPVC: true
    enableFileDeletion: true
    moverSecurityContext: {runAsUser: 2000, runAsGroup: 2000, fsGroup: 2000}
    moverVolumes:
      - mountPath: repository
        volumeSource:
          nfs: {server: nas.internal, path: /volsync}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: app
  namespace: media
spec:
  accessModes: [ReadWriteOnce]
  dataSourceRef:
    kind: ReplicationDestination
    apiGroup: volsync.backube
    name: app-dst
  resources:
    requests:
      storage: 5Gi
---
apiVersion: v1
kind: Secret
metadata:
  name: volsync-maintenance
  namespace: volsync-system
stringData:
  KOPIA_REPOSITORY: filesystem:///mnt/repository
  KOPIA_PASSWORD: pw
---
apiVersion: volsync.backube/v1alpha1
kind: KopiaMaintenance
metadata:
  name: volsync
  namespace: volsync-system
spec:
  repository:
    repository: volsync-maintenance
  trigger:
    schedule: "30 3,15 * * *"
  moverVolumes:
    - mountPath: repository
      volumeSource:
        nfs: {server: nas.internal, path: /volsync}
)";

LintResult lint_text(const std::string& yaml) {
  LintResult r;
  lint_sources({{"app.yaml", yaml}}, LintOptions{}, r);
  return r;
}

std::string dump(const LintResult& r) {
  std::string s;
  for (const auto& f : r.findings) s += f.to_text() + "\n";
  return s;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

TEST(LintKopia, RealComponentIsClean) {
  const LintResult r = lint_text(kComponent);
  EXPECT_TRUE(r.findings.empty()) << dump(r);
  EXPECT_EQ(r.objects.size(), 6u) << "the KopiaMaintenance is linted too";
}

TEST(LintKopia, SchemaFindingsNameTheForkSet) {
  const std::string text = replace(kComponent, "    parallelism: 2\n", "    paralellism: 2\n");
  const LintResult r = lint_text(text);
  ASSERT_EQ(r.findings.size(), 1u) << dump(r);
  EXPECT_EQ(r.findings[0].rule, "schema-unknown-field");
  EXPECT_EQ(r.findings[0].line, line_of(text, "paralellism"));
  EXPECT_EQ(r.findings[0].message, "unknown field \"spec.kopia.paralellism\" (schema: perfectra1n/volsync v0.17.11)");
  // A KopiaMaintenance is validated against the fork's CRD.
  const LintResult m = lint_text(replace(kComponent, "    schedule: \"30 3,15", "    schedul: \"30 3,15"));
  ASSERT_EQ(m.findings.size(), 1u) << dump(m);
  EXPECT_EQ(m.findings[0].field, "spec.trigger.schedul");
  EXPECT_EQ(m.findings[0].resource.kind, "KopiaMaintenance");
}

TEST(LintKopia, SchemasOptionOverridesTheForkSet) {
  LintOptions opt;
  opt.schema_paths = {std::string(VG_SOURCE_DIR) + "/schemas"};
  LintResult r;
  lint_sources({{"app.yaml", kComponent}}, opt, r);
  int unknown = 0;
  for (const auto& f : r.findings)
    if (f.rule == "schema-unknown-field" && f.field == "spec.kopia") ++unknown;
  EXPECT_EQ(unknown, 2) << dump(r);
}

// Each runtime failure kopia.md describes, made in the real component; one finding each.
TEST(LintKopia, RuntimeFailuresInRealShapes) {
  struct Case {
    const char* name;
    const char* from;
    const char* to;
    const char* rule;
    const char* kind;      // of the object reported
    const char* field;
    const char* message;   // substring
    const char* at;        // the finding's line is this text's line in the changed input
    size_t findings = 1;   // the first is checked
  };
  const Case cases[] = {
      {"Secret without KOPIA_PASSWORD", "  KOPIA_PASSWORD: pw\n---\napiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource",
       "---\napiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource", "kopia-secret-missing-key", "Secret",
       "stringData", "VolSync fails with \"secret should have fields: [KOPIA_REPOSITORY KOPIA_PASSWORD]\"",
       "stringData:"},
      {"Secret without KOPIA_REPOSITORY (a PVC moverVolume still needs it)",
       "  KOPIA_REPOSITORY: filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "  KOPIA_PASSWORD: pw\n  AWS_REGION: x\n---\napiVersion: volsync", "kopia-secret-missing-key", "Secret",
       "stringData", "VolSync fails with \"secret is missing field: KOPIA_REPOSITORY\"", "stringData:"},
      {"b2:// URL without its key", "filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "b2://bucket/app\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync", "kopia-secret-backend", "Secret",
       "stringData.KOPIA_REPOSITORY", "never parses b2:// URLs, it picks the backend by keys: KOPIA_B2_BUCKET is "
       "missing, and no backend key is set: the mover fails with \"ERROR: No repository configuration found\"",
       "b2://"},
      {"restic-style S3 URL", "filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "s3:https://s3.example.com/bucket\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync", "kopia-secret-backend",
       "Secret", "stringData.KOPIA_REPOSITORY", "restic's s3:<endpoint>/<bucket> form", "s3:https"},
      {"B2 bucket without its keys", "filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "b2://x\n  KOPIA_B2_BUCKET: backups\n  B2_ACCOUNT_ID: id\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "kopia-secret-backend", "Secret", "stringData",
       "the B2 backend (selected by KOPIA_B2_BUCKET) needs B2_APPLICATION_KEY", "KOPIA_B2_BUCKET"},
      {"MinIO over http without DISABLE_TLS", "filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "s3://volsync/app/\n  KOPIA_S3_ENDPOINT: http://minio.storage:9000\n  AWS_ACCESS_KEY_ID: id\n"
       "  AWS_SECRET_ACCESS_KEY: key\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "kopia-secret-backend", "Secret", "stringData.KOPIA_S3_ENDPOINT",
       "strips the scheme and connects with TLS unless KOPIA_S3_DISABLE_TLS (or AWS_S3_DISABLE_TLS) is \"true\"",
       "KOPIA_S3_ENDPOINT"},
      {"MinIO over http with DISABLE_TLS", "filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "s3://volsync/app/\n  KOPIA_S3_ENDPOINT: http://minio.storage:9000\n  KOPIA_S3_DISABLE_TLS: \"true\"\n"
       "  KOPIA_PASSWORD: pw\n---\napiVersion: volsync", nullptr, nullptr, nullptr, nullptr, nullptr, 0},
      {"relative filesystem path", "filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "filesystem://mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync", "kopia-secret-backend", "Secret",
       "stringData.KOPIA_REPOSITORY", "\"ERROR: Invalid filesystem URL format. Expected filesystem:///path\"",
       "filesystem://mnt"},
      {"a key the Jobs never see", "  KOPIA_PASSWORD: pw\n---\napiVersion: volsync.backube/v1alpha1\nkind: ReplicationSource",
       "  KOPIA_PASSWORD: pw\n  KOPIA_FS_PATH: /repository\n---\napiVersion: volsync.backube/v1alpha1\nkind: "
       "ReplicationSource", "kopia-secret-key-ignored", "Secret", "stringData.KOPIA_FS_PATH",
       "key KOPIA_FS_PATH is not passed to the kopia mover's backup and restore Jobs; only pre-release builds",
       "KOPIA_FS_PATH"},
      {"NFS volume, repository elsewhere",
       "  KOPIA_REPOSITORY: filesystem:///mnt/repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "  KOPIA_REPOSITORY: filesystem:///repository\n  KOPIA_PASSWORD: pw\n---\napiVersion: volsync",
       "kopia-nfs-repository", "ReplicationSource", "spec.kopia.moverVolumes",
       "mounted at /mnt/repository, but Secret app-volsync-secret's KOPIA_REPOSITORY points elsewhere",
       "      - mountPath: repository", 2},  // the source and the destination
      {"-dst destination without sourceIdentity", "    sourceIdentity:\n      sourceName: app\n", "",
       "kopia-identity-mismatch", "ReplicationDestination", "spec.kopia.sourceIdentity.sourceName",
       "restores the snapshots of app-dst@media, but no kopia ReplicationSource of that name is in the inputs; "
       "ReplicationSource app writes to the same repository under its own name: set sourceIdentity.sourceName to the "
       "source's name, or "
       "the restore finds nothing and still succeeds (after enableFileDeletion emptied the volume)",
       "  name: app-dst"},
      {"source with its own identity", "    compression: zstd-fastest\n",
       "    compression: zstd-fastest\n    username: app-media\n    hostname: cluster\n", "kopia-identity-mismatch",
       "ReplicationDestination", "spec.kopia.sourceIdentity", "ReplicationSource app sets its own username/hostname",
       "  name: app-dst"},
      {"destination username without hostname", "    sourceIdentity:\n      sourceName: app\n",
       "    username: app\n", "kopia-identity-incomplete", "ReplicationDestination", "spec.kopia.hostname",
       "missing 'hostname'", "    username: app"},
      {"copyMethod missing", "    copyMethod: Snapshot\n    retain", "    retain", "copymethod-invalid",
       "ReplicationSource", "spec.kopia.copyMethod", "unsupported copyMethod:  -- must be Direct, None, Clone, or Snapshot",
       "    repository: app-volsync-secret"},
      {"Clone on the destination", "    copyMethod: Snapshot\n    capacity", "    copyMethod: Clone\n    capacity",
       "copymethod-invalid", "ReplicationDestination", "spec.kopia.copyMethod",
       "unsupported copyMethod: Clone -- must be Direct, None, or Snapshot", "copyMethod: Clone"},
      {"cache without class", "    cacheCapacity: 5Gi\n    cacheStorageClassName: openebs-hostpath\n    moverSecurityContext",
       "    cacheCapacity: 5Gi\n    moverSecurityContext", "kopia-cache-emptydir", "ReplicationSource",
       "spec.kopia.cacheStorageClassName", "the kopia cache is an emptyDir (sizeLimit 5Gi)", "    cacheCapacity: 5Gi"},
      {"paused", "  sourcePVC: app\n", "  sourcePVC: app\n  paused: true\n", "kopia-paused", "ReplicationSource",
       "spec.paused", "starts no Job and counts the backup as done", "  paused: true"},
      {"restoreAsOf with an offset", "    cleanupTempPVC: true\n",
       "    cleanupTempPVC: true\n    restoreAsOf: \"2026-03-01T13:00:00+01:00\"\n", "kopia-restore-as-of",
       "ReplicationDestination", "spec.kopia.restoreAsOf", "is not in UTC ending in Z", "    restoreAsOf"},
      {"additionalArgs the mover cuts", "    parallelism: 2\n",
       "    parallelism: 2\n    additionalArgs: [\"--ignore=node_modules\"]\n", "kopia-additional-args-split",
       "ReplicationSource", "spec.kopia.additionalArgs[0]", "additionalArgs[0] contains _", "    additionalArgs"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text = replace(kComponent, c.from, c.to);
    const LintResult r = lint_text(text);
    EXPECT_EQ(r.findings.size(), c.findings) << dump(r);
    if (r.findings.empty() || c.findings == 0) continue;
    const Finding& f = r.findings[0];
    EXPECT_EQ(f.rule, c.rule);
    EXPECT_EQ(f.resource.kind, c.kind);
    EXPECT_EQ(f.field, c.field);
    EXPECT_NE(f.message.find(c.message), std::string::npos) << f.message;
    EXPECT_EQ(f.line, line_of(text, c.at));
    EXPECT_EQ(f.file, "app.yaml");
    EXPECT_EQ(f.message.find("pw"), std::string::npos) << "no Secret value in a message: " << f.message;
  }
}

// One NFS share, one repository: the app's Secret and the KopiaMaintenance's must agree on the
// password. The same path on another share is another repository.
TEST(LintKopia, SharedRepositoryNeedsOnePassword) {
  const std::string text = replace(kComponent, "  KOPIA_PASSWORD: pw\n---\napiVersion: volsync.backube/v1alpha1\nkind: KopiaMaintenance",
                                   "  KOPIA_PASSWORD: s3cr3t-value\n---\napiVersion: volsync.backube/v1alpha1\nkind: KopiaMaintenance");
  const LintResult r = lint_text(text);
  ASSERT_EQ(r.findings.size(), 1u) << dump(r);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.rule, "kopia-password-mismatch");
  EXPECT_EQ(f.resource.name, "volsync-maintenance");
  EXPECT_EQ(f.field, "stringData.KOPIA_PASSWORD");
  EXPECT_EQ(f.line, line_of(text, "KOPIA_PASSWORD: s3cr3t-value"));
  EXPECT_EQ(f.message,
            "Secret volsync-system/volsync-maintenance has another KOPIA_PASSWORD (values not shown) than Secret "
            "media/app-volsync-secret for the same repository (NFS nas.internal:/volsync): one of them cannot open it");
  EXPECT_EQ(f.message.find("s3cr3t"), std::string::npos) << "never the value";

  // The maintenance on another share: another repository, nothing to compare.
  const std::string elsewhere = replace(text, "      volumeSource:\n        nfs: {server: nas.internal",
                                        "      volumeSource:\n        nfs: {server: nas2.internal");
  EXPECT_TRUE(lint_text(elsewhere).findings.empty()) << dump(lint_text(elsewhere));
}

// Without the source in the inputs lint cannot know its name: a lone destination is not reported.
TEST(LintKopia, LoneDestinationIsNotGuessedAt) {
  std::string text = replace(kComponent, "    sourceIdentity:\n      sourceName: app\n", "");
  text = replace(text, "  name: app\n  namespace: media\nspec:\n  sourcePVC", "  name: other\n  namespace: apps\nspec:\n  sourcePVC");
  const LintResult r = lint_text(text);
  EXPECT_TRUE(r.findings.empty()) << dump(r);
}

// Restic Secrets and objects are left to the restic rules, and kopia Secrets to these.
TEST(LintKopia, ResticObjectsAreNotJudgedByKopiaRules) {
  const std::string restic = R"(apiVersion: v1
kind: Secret
metadata: {name: r, namespace: apps}
stringData: {RESTIC_REPOSITORY: "s3:https://h/b", RESTIC_PASSWORD: pw, AWS_ACCESS_KEY_ID: k, AWS_SECRET_ACCESS_KEY: s}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: a, namespace: apps}
spec:
  sourcePVC: a
  trigger: {schedule: "0 3 * * *"}
  restic: {repository: r, copyMethod: Snapshot, retain: {daily: 7}}
)";
  const LintResult r = lint_text(restic);
  EXPECT_TRUE(r.findings.empty()) << dump(r);
}

}  // namespace
