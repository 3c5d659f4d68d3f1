#include "volsync/ownership.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vg {
namespace {

Repository repo(std::string name, Credentials::Mode mode, std::string suffix = {}) {
  Repository r;
  r.name = std::move(name);
  r.credentials.mode = mode;
  r.credentials.secret_suffix = std::move(suffix);
  return r;
}

// Two repositories: the unnamed one in mode secret, "offsite" with an ExternalSecret.
Config config() {
  Config c;
  c.repositories = {repo("", Credentials::Mode::kSecret),
                    repo("offsite", Credentials::Mode::kExternalSecret)};
  return c;
}

PvcFacts pvc(std::string name, std::vector<std::pair<std::string, std::string>> annotations = {}) {
  PvcFacts p;
  p.name = std::move(name);
  p.namespace_ = "prod";
  p.annotations = std::move(annotations);
  return p;
}

ItemSpan object(std::string api, std::string kind, std::string name, std::string source_pvc, bool label) {
  ItemSpan s;
  s.api_version = std::move(api);
  s.kind = std::move(kind);
  s.name = std::move(name);
  s.namespace_ = "prod";
  s.source_pvc = std::move(source_pvc);
  s.generated = !s.source_pvc.empty();
  s.managed_label = label;
  return s;
}

TEST(Ownership, GeneratedNamesFollowTheConfiguration) {
  Config c = config();
  c.repositories.push_back(repo("local", Credentials::Mode::kExisting));
  c.repositories.push_back(repo("b2", Credentials::Mode::kSecret, "creds"));
  const std::vector<GeneratedName> want = {
      {"volsync.backube", "ReplicationDestination", "data-restore"},
      {"volsync.backube", "ReplicationSource", "data-backup"},
      {"volsync.backube", "KopiaMaintenance", "kopia-maintenance"},  // whatever the mover: a switch removes it
      {"", "Secret", "data-volsync-secret"},
      {"volsync.backube", "ReplicationSource", "data-backup-offsite"},
      {"volsync.backube", "KopiaMaintenance", "kopia-maintenance-offsite"},
      {"external-secrets.io", "ExternalSecret", "data-volsync-offsite"},
      {"volsync.backube", "ReplicationSource", "data-backup-local"},  // its Secret is the user's
      {"volsync.backube", "KopiaMaintenance", "kopia-maintenance-local"},
      {"volsync.backube", "ReplicationSource", "data-backup-b2"},
      {"volsync.backube", "KopiaMaintenance", "kopia-maintenance-b2"},
      {"", "Secret", "data-creds"},
  };
  EXPECT_EQ(generated_names("data", c), want);
}

TEST(Ownership, DecisionTable) {
  const PvcFacts data = pvc("data");
  const PvcFacts renamed = pvc("data", {{"volsync-gen.io/name", "db"}});
  struct Case {
    const char* name;
    ItemSpan obj;
    const PvcFacts* pvc;
    bool selected;
    Owner owner;
    PvcState state;
    const char* why;  // a part of the look-alike's reason
  };
  const Case cases[] = {
      {"unmarked Secret: the user's, silently", object("v1", "Secret", "data-volsync-secret", "", false), &data,
       true, Owner::kUser, PvcState::kGone, ""},
      {"annotation only", object("v1", "Secret", "data-volsync-secret", "data", false), &data, true,
       Owner::kLookAlike, PvcState::kGone, "but not the label app.kubernetes.io/managed-by: volsync-gen"},
      {"label only", object("v1", "Secret", "data-volsync-secret", "", true), &data, true, Owner::kLookAlike,
       PvcState::kGone, "but not the annotation volsync-gen.io/source-pvc"},
      {"both marks, selected PVC", object("v1", "Secret", "data-volsync-secret", "data", true), &data, true,
       Owner::kVolsyncGen, PvcState::kSelected, ""},
      {"both marks, deselected PVC", object("volsync.backube/v1alpha1", "ReplicationSource", "data-backup", "data", true),
       &data, false, Owner::kVolsyncGen, PvcState::kDeselected, ""},
      {"restore of a deselected PVC", object("volsync.backube/v1alpha1", "ReplicationDestination", "data-restore",
       "data", true), &data, false, Owner::kVolsyncGen, PvcState::kDeselected, ""},
      {"second repository's ExternalSecret, any version",
       object("external-secrets.io/v1beta1", "ExternalSecret", "data-volsync-offsite", "data", true), &data, true,
       Owner::kVolsyncGen, PvcState::kSelected, ""},
      {"a name volsync-gen does not give", object("v1", "Secret", "app-token", "data", true), &data, true,
       Owner::kLookAlike, PvcState::kGone, "generates no Secret named app-token for PVC prod/data"},
      {"a kind volsync-gen does not generate", object("apps/v1", "Deployment", "data-backup", "data", true), &data,
       true, Owner::kLookAlike, PvcState::kGone, "generates no Deployment"},
      {"right name, wrong kind for the repository's mode",
       object("external-secrets.io/v1", "ExternalSecret", "data-volsync-secret", "data", true), &data, true,
       Owner::kLookAlike, PvcState::kGone, "no ExternalSecret named data-volsync-secret"},
      {"the PVC's base name comes from volsync-gen.io/name",
       object("volsync.backube/v1alpha1", "ReplicationSource", "db-backup", "data", true), &renamed, false,
       Owner::kVolsyncGen, PvcState::kDeselected, ""},
      {"the PVC name is not the base name when renamed",
       object("volsync.backube/v1alpha1", "ReplicationSource", "data-backup", "data", true), &renamed, true,
       Owner::kLookAlike, PvcState::kGone, "generates no ReplicationSource named data-backup"},
      {"PVC gone: names from the annotation",
       object("volsync.backube/v1alpha1", "ReplicationSource", "old-backup-offsite", "old", true), nullptr, false,
       Owner::kVolsyncGen, PvcState::kGone, ""},
      {"PVC gone and renamed: cannot prove it, kept",
       object("volsync.backube/v1alpha1", "ReplicationSource", "db-backup", "old", true), nullptr, false,
       Owner::kLookAlike, PvcState::kGone, "(a PVC no longer in the input)"},
  };
  const Config c = config();
  for (const Case& t : cases) {
    SCOPED_TRACE(t.name);
    const OwnershipVerdict v = decide_ownership(t.obj, t.pvc, t.selected, c);
    EXPECT_EQ(v.owner, t.owner);
    if (t.owner == Owner::kVolsyncGen) {
      EXPECT_EQ(v.pvc, t.state);
    }
    if (*t.why) {
      EXPECT_NE(v.why.find(t.why), std::string::npos) << v.why;
    } else {
      EXPECT_EQ(v.why, "");
    }
  }
}

// Over a whole input: PVCs are found by namespace and name, look-alikes are warned about at their
// file, and removals name the object, its PVC and the reason.
TEST(Ownership, JudgeWarnsAboutLookAlikesAndExplainsRemovals) {
  const char* kText =
      "kind: Secret\napiVersion: v1\nmetadata:\n  name: app-token\n  namespace: prod\n"
      "  annotations:\n    volsync-gen.io/source-pvc: data\n";
  ItemSpan a = object("v1", "Secret", "app-token", "data", false);
  a.begin = 0;
  a.end = std::string_view(kText).size();
  a.path = "secrets.yaml";
  ItemSpan b = object("volsync.backube/v1alpha1", "ReplicationSource", "data-backup", "data", true);
  ItemSpan c = object("volsync.backube/v1alpha1", "ReplicationSource", "data-backup", "data", true);
  c.namespace_ = "other";  // no PVC data in namespace other
  ItemSpan d = object("v1", "ConfigMap", "plain", "", false);
  std::vector<InputObject> objects;
  for (ItemSpan* s : {&a, &b, &c, &d}) objects.emplace_back(kText, *s);
  PvcFacts deselected = pvc("data");
  Findings f;
  Ownership o;
  o.judge(objects, {deselected}, config(), f);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].rule, "generated-look-alike");
  EXPECT_EQ(f[0].file, "secrets.yaml");
  EXPECT_EQ(f[0].resource.name, "app-token");
  EXPECT_NE(f[0].message.find("kept as it is"), std::string::npos) << f[0].message;
  EXPECT_FALSE(o.ours(0));
  EXPECT_TRUE(o.ours(1));
  EXPECT_TRUE(o.ours(2));
  EXPECT_FALSE(o.ours(3));
  Finding r = o.removed(objects[1], 1);
  EXPECT_EQ(r.severity, Severity::kInfo);
  EXPECT_EQ(r.rule, "generated-removed");
  EXPECT_EQ(r.message, "removed ReplicationSource prod/data-backup, generated for PVC prod/data: the PVC is no "
                       "longer selected for backup");
  EXPECT_EQ(o.removed(objects[2], 2).message,
            "removed ReplicationSource other/data-backup, generated for PVC other/data: the PVC is no longer in "
            "the input");
}

}  // namespace
}  // namespace vg

namespace vg {
namespace {

// Issue 14: names from spec.naming and the name annotations are the names ownership recognises.
TEST(OwnershipNaming, TemplatedNamesAreRecognisedAndAGonePvcsUnresolvableOnesOwnNothing) {
  Config c;
  Repository r;
  r.name = "minio";
  r.primary = true;
  r.credentials.mode = Credentials::Mode::kExternalSecret;
  c.repositories = {r};
  c.defaults.naming = Naming{.repository_path = "${app}", .source = "${app}", .destination = "${app}-dst",
                             .secret = "${app}-volsync-${repository}"};
  PvcFacts p;
  p.name = "config-radarr-0";
  p.namespace_ = "media";
  p.labels = {{"app.kubernetes.io/name", "radarr"}};
  const std::vector<GeneratedName> want = {
      {"volsync.backube", "ReplicationDestination", "radarr-dst"},
      {"volsync.backube", "ReplicationSource", "radarr"},
      {"volsync.backube", "KopiaMaintenance", "kopia-maintenance-minio"},  // owned whatever the mover (issue 15)
      {"external-secrets.io", "ExternalSecret", "radarr-volsync-minio"},
  };
  EXPECT_EQ(generated_names(p, c), want);
  // A per-PVC annotation wins, as in planning.
  p.annotations = {{"volsync-gen.io/source-name", "radarr-old"}};
  EXPECT_EQ(generated_names(p, c)[1].name, "radarr-old");

  ItemSpan rs;
  rs.api_version = "volsync.backube/v1alpha1";
  rs.kind = "ReplicationSource";
  rs.name = "radarr-old";
  rs.namespace_ = "media";
  rs.source_pvc = "config-radarr-0";
  rs.generated = true;
  rs.managed_label = true;
  EXPECT_EQ(decide_ownership(rs, &p, true, c).owner, Owner::kVolsyncGen);
  // The PVC is gone: its labels are unknown, so ${app} names cannot be resolved, and the object is kept.
  rs.name = "radarr";
  EXPECT_EQ(decide_ownership(rs, nullptr, false, c).owner, Owner::kLookAlike);
}

}  // namespace
}  // namespace vg
