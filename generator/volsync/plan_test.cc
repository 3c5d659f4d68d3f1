#include "volsync/plan.h"

#include <gtest/gtest.h>

#include <string>

#include "volsync/schedule.h"

namespace vg {
namespace {

using KV = std::vector<std::pair<std::string, std::string>>;

Config one_repo_config() {
  Config c;
  Repository r;
  r.primary = true;
  c.repositories.push_back(r);
  return c;
}

PvcFacts pvc(std::string name = "data", KV labels = {}, KV annotations = {}) {
  PvcFacts p;
  p.name = std::move(name);
  p.namespace_ = "prod";
  p.labels = std::move(labels);
  p.annotations = std::move(annotations);
  p.access_modes = {"ReadWriteOnce"};
  p.storage = "10Gi";
  p.origin.resource = {"v1", "PersistentVolumeClaim", p.name, p.namespace_};
  p.origin.file = "pvc.yaml";
  p.origin.line = 3;
  return p;
}

std::vector<std::string> rules(const Findings& f) {
  std::vector<std::string> r;
  for (const auto& x : f) r.push_back(x.rule);
  return r;
}

TEST(PlanSelection, Table) {
  struct Case {
    const char* name;
    KV labels, annotations;
    bool selected;
    std::string selector = "backup";
  };
  const Case cases[] = {
      {"nothing", {}, {}, false},
      {"unrelated label and annotation", {{"app", "db"}}, {{"example.com/backup", "true"}}, false},
      {"label true", {{"backup", "true"}}, {}, true},
      {"label preset", {{"backup", "daily"}}, {}, true},
      {"label every-6h", {{"backup", "every-6h"}}, {}, true},
      {"label false", {{"backup", "false"}}, {}, false},
      {"label none", {{"backup", "none"}}, {}, false},
      {"label disabled", {{"backup", "disabled"}}, {}, false},
      {"annotation true", {}, {{"volsync-gen.io/backup", "true"}}, true},
      {"annotation false", {}, {{"volsync-gen.io/backup", "false"}}, false},
      {"annotation cron", {}, {{"volsync-gen.io/backup", "0 3 * * *"}}, true},
      {"annotation preset", {}, {{"volsync-gen.io/backup", "weekly"}}, true},
      {"any prefixed annotation", {}, {{"volsync-gen.io/retain", "daily=3"}}, true},
      {"prefixed annotation beats label false", {{"backup", "false"}}, {{"volsync-gen.io/schedule", "hourly"}}, true},
      {"opt-out beats label", {{"backup", "true"}}, {{"volsync-gen.io/backup", "false"}}, false},
      {"opt-out beats other annotations", {}, {{"volsync-gen.io/schedule", "hourly"}, {"volsync-gen.io/backup", "false"}},
       false},
      {"prefix must match exactly", {}, {{"volsync-gen.io.example/x", "1"}, {"xvolsync-gen.io/backup", "true"}}, false},
      {"custom selector label", {{"tier", "gold"}}, {}, true, "tier"},
      {"custom selector ignores backup", {{"backup", "true"}}, {}, false, "tier"},
      {"custom selector false", {{"tier", "false"}}, {}, false, "tier"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Config cfg = one_repo_config();
    cfg.selector_label = c.selector;
    EXPECT_EQ(pvc_selected(pvc("data", c.labels, c.annotations), cfg), c.selected);
  }
}

TEST(PlanSchedule, Precedence) {
  struct Case {
    const char* name;
    KV labels, annotations;
    std::string schedule;  // settings.schedule after precedence
    bool from_preset;
  };
  const Case cases[] = {
      {"config default", {{"backup", "true"}}, {}, "daily", true},
      {"label preset", {{"backup", "weekly"}}, {}, "weekly", true},
      {"backup annotation beats label", {{"backup", "weekly"}}, {{"volsync-gen.io/backup", "monthly"}}, "monthly", true},
      {"backup annotation cron", {}, {{"volsync-gen.io/backup", "30 2 * * *"}}, "30 2 * * *", false},
      {"schedule annotation beats both", {{"backup", "weekly"}},
       {{"volsync-gen.io/backup", "monthly"}, {"volsync-gen.io/schedule", "0 4 * * 0"}}, "0 4 * * 0", false},
      {"schedule annotation beats label", {{"backup", "hourly"}}, {{"volsync-gen.io/schedule", "every-12h"}},
       "every-12h", true},
      {"schedule annotation before backup annotation in input order", {},
       {{"volsync-gen.io/schedule", "0 5 * * *"}, {"volsync-gen.io/backup", "weekly"}}, "0 5 * * *", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Config cfg = one_repo_config();
    Findings f;
    auto plan = plan_pvc(pvc("data", c.labels, c.annotations), cfg, {""}, f);
    ASSERT_TRUE(plan) << (f.empty() ? "" : f[0].message);
    ASSERT_EQ(plan->repos.size(), 1u);
    const RepoPlan& rp = plan->repos[0];
    EXPECT_EQ(rp.settings.schedule, c.schedule);
    EXPECT_EQ(rp.schedule_from_preset, c.from_preset);
    EXPECT_FALSE(check_cron(rp.schedule)) << rp.schedule;
    if (!c.from_preset) {
      EXPECT_EQ(rp.schedule, c.schedule);
    }
  }
}

TEST(PlanSchedule, PresetsSpreadStablyPerPvc) {
  Config cfg = one_repo_config();
  cfg.spread_first_hour = 1;
  cfg.spread_last_hour = 4;
  Findings f;
  auto a1 = plan_pvc(pvc("a", {{"backup", "daily"}}), cfg, {""}, f);
  auto a2 = plan_pvc(pvc("a", {{"backup", "daily"}}), cfg, {""}, f);
  ASSERT_TRUE(a1 && a2);
  EXPECT_EQ(a1->repos[0].schedule, a2->repos[0].schedule);
  auto r = resolve_schedule("daily", "prod/a", SpreadWindow{1, 4});
  ASSERT_TRUE(std::holds_alternative<ResolvedSchedule>(r));
  EXPECT_EQ(a1->repos[0].schedule, std::get<ResolvedSchedule>(r).cron);
}

TEST(PlanSchedule, BadLabelValueIsAnError) {
  Config cfg = one_repo_config();
  Findings f;
  auto plan = plan_pvc(pvc("data", {{"backup", "yes-please"}}), cfg, {""}, f);
  EXPECT_FALSE(plan);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "selection");
  EXPECT_EQ(f[0].field, "metadata.labels[backup]");
  EXPECT_NE(f[0].message.find("not a schedule preset"), std::string::npos);
  EXPECT_EQ(f[0].resource.name, "data");
  EXPECT_EQ(f[0].file, "pvc.yaml");

  Findings g;
  EXPECT_FALSE(plan_pvc(pvc("data", {}, {{"volsync-gen.io/schedule", "61 * * * *"}}), cfg, {""}, g));
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].rule, "annotation");
}

TEST(PlanNames, DerivedNamesAndLengthLimit) {
  struct Case {
    std::size_t pvc_len;
    KV annotations;
    std::vector<std::string> rules;
  };
  const std::string long45(45, 'a');
  const Case cases[] = {
      {43, {}, {}},                                                   // 43 + "-restore" = 51
      {44, {}, {"name-length"}},                                      // the RD name is 52
      {45, {}, {"name-length", "name-length"}},                       // RS 52 and RD 53
      {44, {{"volsync-gen.io/restore", "none"}, {"volsync-gen.io/skip-restore-reason", "cache"}}, {}},
      {60, {{"volsync-gen.io/name", "short"}}, {}},
      {10, {{"volsync-gen.io/name", std::string(45, 'b')}}, {"name-length", "name-length"}},
      // A bad character is named as one, once, at the base name: not as a length problem of each
      // generated name.
      {10, {{"volsync-gen.io/name", "Bad_Name"}}, {"name-invalid"}},
      {10, {{"volsync-gen.io/name", "x." + long45}}, {"name-invalid"}},
      {10, {{"volsync-gen.io/name", ""}}, {"name-invalid"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.pvc_len) + (c.annotations.empty() ? "" : " " + c.annotations[0].second));
    Config cfg = one_repo_config();
    Findings f;
    auto plan = plan_pvc(pvc(std::string(c.pvc_len, 'p'), {{"backup", "true"}}, c.annotations), cfg, {""}, f);
    EXPECT_EQ(rules(f), c.rules);
    EXPECT_EQ(static_cast<bool>(plan), c.rules.empty());
    for (const auto& x : f) {
      bool by_annotation = !c.annotations.empty() && c.annotations[0].first == "volsync-gen.io/name";
      EXPECT_EQ(x.field, by_annotation ? "metadata.annotations[volsync-gen.io/name]" : "metadata.name");
      EXPECT_NE(x.hint.find("volsync-gen.io/name"), std::string::npos);
    }
  }
  Config cfg = one_repo_config();
  Findings f;
  auto plan = plan_pvc(pvc(std::string(60, 'p'), {}, {{"volsync-gen.io/name", "short"}}), cfg, {""}, f);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->base_name, "short");
  EXPECT_EQ(plan->rd_name, "short-restore");
  EXPECT_EQ(plan->repos[0].rs_name, "short-backup");
  EXPECT_EQ(plan->repos[0].secret_name, "short-volsync-secret");
  EXPECT_EQ(plan->pvc.name, std::string(60, 'p')) << "the PVC keeps its own name";
}

// Each name problem says what it is, with the offending value: characters or length.
TEST(PlanNames, MessagesSayCharactersOrLength) {
  Config cfg = one_repo_config();
  Findings chars;
  EXPECT_FALSE(plan_pvc(pvc("data", {{"backup", "true"}}, {{"volsync-gen.io/name", "My_DB"}}), cfg, {""}, chars));
  ASSERT_EQ(chars.size(), 1u);
  EXPECT_EQ(chars[0].rule, "name-invalid");
  EXPECT_EQ(chars[0].field, "metadata.annotations[volsync-gen.io/name]");
  EXPECT_EQ(chars[0].message.rfind("volsync-gen.io/name \"My_DB\" cannot start the generated names: a lowercase "
                                   "RFC 1123 label must consist of lower case alphanumeric characters",
                                   0),
            0u)
      << chars[0].message;
  EXPECT_EQ(chars[0].message.find("characters;"), std::string::npos) << "no length problem: " << chars[0].message;

  // A PVC name may hold '.', a ReplicationSource name may not.
  Findings dotted;
  EXPECT_FALSE(plan_pvc(pvc("data.v1", {{"backup", "true"}}), cfg, {""}, dotted));
  ASSERT_EQ(dotted.size(), 1u);
  EXPECT_EQ(dotted[0].rule, "name-invalid");
  EXPECT_EQ(dotted[0].field, "metadata.name");
  EXPECT_EQ(dotted[0].message.rfind("the PVC name \"data.v1\" cannot start the generated names: ", 0), 0u)
      << dotted[0].message;

  Findings length;
  EXPECT_FALSE(plan_pvc(pvc(std::string(60, 'p'), {{"backup", "true"}}), cfg, {""}, length));
  ASSERT_EQ(length.size(), 2u);
  EXPECT_EQ(length[0].message, "generated ReplicationSource name " + std::string(60, 'p') +
                                   "-backup is 67 characters: must be no more than 63 characters");
  EXPECT_EQ(length[1].message, "generated ReplicationDestination name " + std::string(60, 'p') +
                                   "-restore is 68 characters: must be no more than 63 characters");
  Findings jobs;
  EXPECT_FALSE(plan_pvc(pvc(std::string(45, 'p'), {{"backup", "true"}}), cfg, {""}, jobs));
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_NE(jobs[0].message.find("-backup is 52 characters; VolSync derives Job names"), std::string::npos)
      << jobs[0].message;
}

// A PVC without a name (`name: null` reads as none) is refused, not planned as "-backup".
TEST(PlanNames, PvcWithoutANameIsAnError) {
  Config cfg = one_repo_config();
  Findings f;
  EXPECT_FALSE(plan_pvc(pvc("", {{"backup", "true"}}), cfg, {""}, f));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "pvc");
  EXPECT_EQ(f[0].field, "metadata.name");
  EXPECT_EQ(f[0].message, "the PVC has no name");
}

TEST(PlanRequirements, MissingPvcFields) {
  struct Case {
    const char* name;
    void (*edit)(PvcFacts&);
    std::string rule, field;
  };
  const Case cases[] = {
      {"namespace", [](PvcFacts& p) { p.namespace_.clear(); }, "pvc-namespace", "metadata.namespace"},
      {"storage", [](PvcFacts& p) { p.storage.clear(); }, "pvc-capacity", "spec.resources.requests.storage"},
      {"bad storage", [](PvcFacts& p) { p.storage = "10 GB"; }, "pvc-capacity", "spec.resources.requests.storage"},
      {"negative storage", [](PvcFacts& p) { p.storage = "-1Gi"; }, "pvc-capacity", "spec.resources.requests.storage"},
      {"zero storage", [](PvcFacts& p) { p.storage = "0"; }, "pvc-capacity", "spec.resources.requests.storage"},
      {"access modes", [](PvcFacts& p) { p.access_modes.clear(); }, "pvc-access-modes", "spec.accessModes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    PvcFacts p = pvc("data", {{"backup", "true"}});
    c.edit(p);
    Config cfg = one_repo_config();
    Findings f;
    EXPECT_FALSE(plan_pvc(p, cfg, {""}, f));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].rule, c.rule);
    EXPECT_EQ(f[0].field, c.field);
    EXPECT_EQ(f[0].severity, Severity::kError);
  }
}

TEST(PlanRestore, ModeRules) {
  struct Case {
    const char* name;
    KV annotations;
    void (*edit)(PvcFacts&);
    std::vector<std::string> rules;
    bool patch = false;
  };
  const Case cases[] = {
      {"default snapshot", {}, nullptr, {}},
      {"none needs a reason", {{"volsync-gen.io/restore", "none"}}, nullptr, {"skip-restore"}},
      {"skip-restore needs a reason", {{"volsync-gen.io/skip-restore", "true"}}, nullptr, {"skip-restore"}},
      {"none with reason", {{"volsync-gen.io/skip-restore", "true"}, {"volsync-gen.io/skip-restore-reason", "tmp"}},
       nullptr, {}},
      {"bootstrap patches", {{"volsync-gen.io/restore", "bootstrap"}}, nullptr, {}, true},
      {"bootstrap needs Snapshot",
       {{"volsync-gen.io/restore", "bootstrap"}, {"volsync-gen.io/restore-copy-method", "Direct"}}, nullptr,
       {"bootstrap"}, true},
      {"bootstrap over a foreign data source", {{"volsync-gen.io/restore", "bootstrap"}},
       [](PvcFacts& p) { p.has_data_source = true; }, {"bootstrap"}, true},
      {"bootstrap already ours", {{"volsync-gen.io/restore", "bootstrap"}},
       [](PvcFacts& p) {
         p.data_source_ref_group = "volsync.backube";
         p.data_source_ref_kind = "ReplicationDestination";
         p.data_source_ref_name = "data-restore";
       },
       {}, false},
      {"restore-now outside manual", {{"volsync-gen.io/restore-now", "t1"}}, nullptr, {"restore-now"}},
      {"restore-now in manual", {{"volsync-gen.io/restore", "manual"}, {"volsync-gen.io/restore-now", "t1"}}, nullptr,
       {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    PvcFacts p = pvc("data", {}, c.annotations);
    if (c.edit) c.edit(p);
    Config cfg = one_repo_config();
    Findings f;
    auto plan = plan_pvc(p, cfg, {""}, f);
    EXPECT_EQ(rules(f), c.rules);
    ASSERT_EQ(static_cast<bool>(plan), c.rules.empty());
    if (plan) {
      EXPECT_EQ(plan->patch_data_source, c.patch);
    }
  }
}

TEST(PlanCache, SmallCacheIsAWarning) {
  Config cfg = one_repo_config();
  Findings f;
  PvcFacts p = pvc("data", {{"backup", "true"}});
  p.storage = "100Gi";
  auto plan = plan_pvc(p, cfg, {""}, f);
  ASSERT_TRUE(plan) << "a warning does not stop the plan";
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "cache-small");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_NE(f[0].message.find("5%"), std::string::npos) << f[0].message;

  Findings g;
  p.annotations.push_back({"volsync-gen.io/cache-capacity", "5Gi"});
  ASSERT_TRUE(plan_pvc(p, cfg, {""}, g));
  EXPECT_TRUE(g.empty()) << "exactly 5% is not under 5%: " << (g.empty() ? "" : g[0].message);

  Findings h;
  p.annotations.back().second = "5119Mi";  // just under 5Gi
  ASSERT_TRUE(plan_pvc(p, cfg, {""}, h));
  EXPECT_EQ(rules(h), std::vector<std::string>{"cache-small"});
}

TEST(PlanRepositories, JoinRepository) {
  struct Case {
    const char* base;
    const char* expected;
  };
  const Case cases[] = {
      {"s3:s3.amazonaws.com/bucket", "s3:s3.amazonaws.com/bucket/prod/data"},
      {"s3:https://minio.local:9000/bucket/prefix/", "s3:https://minio.local:9000/bucket/prefix/prod/data"},
      {"b2:bucket", "b2:bucket:/prod/data"},
      {"b2:bucket:", "b2:bucket:/prod/data"},
      {"b2:bucket:backups", "b2:bucket:backups/prod/data"},
      {"azure:container:/", "azure:container:/prod/data"},
      {"azure:container", "azure:container:/prod/data"},
      {"azure:container:/volsync", "azure:container:/volsync/prod/data"},
      {"gs:bucket:/", "gs:bucket:/prod/data"},
      {"gs:bucket:/k8s//", "gs:bucket:/k8s/prod/data"},
      {"rest:https://user:pass@host:8000/", "rest:https://user:pass@host:8000/prod/data"},
      {"rest:http://host:8000/repo", "rest:http://host:8000/repo/prod/data"},
      {"/mnt/repository", "/mnt/repository/prod/data"},
      {"/mnt/repository/", "/mnt/repository/prod/data"},
      {"sftp:user@host:/srv/restic", "sftp:user@host:/srv/restic/prod/data"},
      {"rclone:remote:path", "rclone:remote:path/prod/data"},
      {"swift:container:/path", "swift:container:/path/prod/data"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.base);
    EXPECT_EQ(join_repository(c.base, "prod", "data"), c.expected);
  }
}

TEST(PlanRepositories, RepositoryError) {
  struct Case {
    const char* base;
    const char* error;  // substring, nullptr when valid
  };
  const Case cases[] = {
      {"s3:s3.amazonaws.com/bucket", nullptr},
      {"b2:bucket", nullptr},
      {"azure:c:/", nullptr},
      {"gs:b:/", nullptr},
      {"rest:https://h/", nullptr},
      {"/mnt/repo", nullptr},
      {"sftp:h:/x", nullptr},
      {"rclone:r:p", nullptr},
      {"swift:c:/p", nullptr},
      {"", "empty"},
      {"s3:", "names no location"},
      {"b2:", "names no location"},
      {"http://minio:9000/bucket", "for S3 write s3:http://minio:9000/bucket"},
      {"https://s3.amazonaws.com/bucket", "without a restic scheme"},
      {"my-bucket", "is not a restic repository"},
      {"s3.amazonaws.com/bucket", "is not a restic repository"},
      {"S3:s3.amazonaws.com/bucket", "is not a restic repository"},
      {"relative/path", "is not a restic repository"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.base);
    auto err = repository_error(c.base);
    if (!c.error) {
      EXPECT_FALSE(err) << *err;
    } else {
      ASSERT_TRUE(err);
      EXPECT_NE(err->find(c.error), std::string::npos) << *err;
    }
  }
}

TEST(PlanRepositories, RepositoryUrlPerBackend) {
  using B = Repository::Backend;
  struct Case {
    B backend;
    const char* endpoint;
    const char* bucket;
    const char* prefix;
    const char* url;
    const char* url_base;
    const char* expected;
  };
  const Case cases[] = {
      {B::kUrl, "", "", "", "", "", ""},
      {B::kUrl, "", "", "", "", "s3:h/b/", "s3:h/b/prod/data"},
      {B::kS3, "", "bkt", "", "", "", "s3:s3.amazonaws.com/bkt/prod/data"},
      {B::kS3, "https://minio:9000/", "bkt", "k8s", "", "", "s3:https://minio:9000/bkt/k8s/prod/data"},
      {B::kB2, "", "bkt", "", "", "", "b2:bkt:prod/data"},
      {B::kB2, "", "bkt", "pre", "", "", "b2:bkt:pre/prod/data"},
      {B::kAzure, "", "ctr", "", "", "", "azure:ctr:/prod/data"},
      {B::kGcs, "", "bkt", "p", "", "", "gs:bkt:/p/prod/data"},
      {B::kRest, "", "", "", "https://rest:8000/", "", "rest:https://rest:8000/prod/data"},
      {B::kLocal, "", "", "", "", "", "/mnt/repository/prod/data"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.expected);
    Repository r;
    r.backend = c.backend;
    r.endpoint = c.endpoint;
    r.bucket = c.bucket;
    r.prefix = c.prefix;
    r.url = c.url;
    EXPECT_EQ(repository_url(r, c.url_base, "prod", "data"), c.expected);
  }
}

TEST(PlanRepositories, SeveralRepositories) {
  Config cfg;
  Repository local;
  local.name = "local";
  local.backend = Repository::Backend::kLocal;
  local.nfs_server = "nas";
  local.nfs_path = "/export";
  Repository offsite;
  offsite.name = "offsite";
  offsite.primary = true;
  offsite.backend = Repository::Backend::kB2;
  offsite.bucket = "b";
  offsite.overrides.set("schedule", Doc::scalar("weekly", "?"));
  cfg.repositories = {local, offsite};
  Findings f;
  auto plan = plan_pvc(pvc("data", {{"backup", "true"}},
                           {{"volsync-gen.io/retain", "daily=1"}, {"volsync-gen.io/retain.offsite", "weekly=9"}}),
                       cfg, {"", ""}, f);
  ASSERT_TRUE(plan) << (f.empty() ? "" : f[0].message);
  ASSERT_EQ(plan->repos.size(), 2u);
  EXPECT_EQ(plan->primary, 1u);
  EXPECT_EQ(plan->primary_repo().rs_name, "data-backup-offsite");
  EXPECT_EQ(plan->repos[0].rs_name, "data-backup-local");
  EXPECT_EQ(plan->repos[0].secret_name, "data-volsync-local");
  EXPECT_EQ(plan->repos[0].repository, "/mnt/repository/prod/data");
  EXPECT_EQ(plan->repos[1].repository, "b2:b:prod/data");
  EXPECT_EQ(plan->repos[0].settings.schedule, "daily");
  EXPECT_EQ(plan->repos[1].settings.schedule, "weekly");
  EXPECT_EQ(plan->repos[0].settings.retain.daily, 1);
  EXPECT_FALSE(plan->repos[1].settings.retain.daily);
  EXPECT_EQ(plan->repos[1].settings.retain.weekly, 9);
  ASSERT_TRUE(plan->repos[0].mover_volumes.IsSequence());
  EXPECT_EQ(plan->repos[0].mover_volumes[0]["mountPath"].Scalar(), "repository");
  EXPECT_EQ(plan->repos[0].mover_volumes[0]["volumeSource"]["nfs"]["server"].Scalar(), "nas");
  EXPECT_FALSE(plan->repos[1].mover_volumes.IsDefined() && !plan->repos[1].mover_volumes.IsNull());

  Findings g;
  EXPECT_FALSE(plan_pvc(pvc("data", {}, {{"volsync-gen.io/schedule.nope", "daily"}}), cfg, {"", ""}, g));
  ASSERT_FALSE(g.empty());
  EXPECT_EQ(g[0].rule, "annotation");
  EXPECT_NE(g[0].message.find("no repository named \"nope\""), std::string::npos);

  // An annotation error is reported once, not once per repository.
  Findings h;
  EXPECT_FALSE(plan_pvc(pvc("data", {}, {{"volsync-gen.io/copy-method", "Teleport"}}), cfg, {"", ""}, h));
  EXPECT_EQ(h.size(), 1u);
}

Doc load(std::string_view text) {
  Doc d;
  DocParseError err;
  EXPECT_TRUE(parse_doc(text, d, err)) << err.message;
  return d;
}

TEST(PlanReadPvc, FromYaml) {
  Doc n = load(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: prod
  labels: {backup: daily, app: db}
  annotations:
    volsync-gen.io/retain: daily=3
spec:
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  storageClassName: fast
  resources: {requests: {storage: 5Gi}}
  dataSourceRef: {apiGroup: volsync.backube, kind: ReplicationDestination, name: data-restore}
)");
  Origin o;
  o.resource = {"v1", "PersistentVolumeClaim", "data", "prod"};
  PvcFacts p;
  Findings f;
  ASSERT_TRUE(read_pvc(n, o, p, f));
  EXPECT_EQ(p.name, "data");
  EXPECT_EQ(p.namespace_, "prod");
  EXPECT_EQ(p.labels, (KV{{"backup", "daily"}, {"app", "db"}}));
  EXPECT_EQ(p.annotations, (KV{{"volsync-gen.io/retain", "daily=3"}}));
  EXPECT_EQ(p.access_modes, (std::vector<std::string>{"ReadWriteOnce", "ReadOnlyMany"}));
  EXPECT_EQ(p.storage, "5Gi");
  EXPECT_EQ(p.storage_class, "fast");
  EXPECT_EQ(p.data_source_ref_kind, "ReplicationDestination");
  EXPECT_EQ(p.data_source_ref_name, "data-restore");
  EXPECT_FALSE(p.has_data_source);

  Doc bad = load("metadata: {labels: {a: [1]}, annotations: [x]}\nspec: {}\n");
  Findings g;
  EXPECT_FALSE(read_pvc(bad, o, p, g));
  EXPECT_EQ(g.size(), 2u);

  // A null value is "", as the API server stores it: not an error, not the string "null".
  Doc nulls = load("metadata:\n  labels: {backup: null, app: ~}\n  annotations:\n    example.com/note: null\n"
                   "    volsync-gen.io/name:\n");
  Findings n_f;
  EXPECT_TRUE(read_pvc(nulls, o, p, n_f)) << (n_f.empty() ? "" : n_f[0].message);
  EXPECT_EQ(p.labels, (KV{{"backup", ""}, {"app", ""}}));
  EXPECT_EQ(p.annotations, (KV{{"volsync-gen.io/name", ""}}));

  // An annotation volsync-gen does not read is still checked (the API server refuses a non-string
  // one), and only the ones it reads are kept, with no room for the others (kpt's five per PVC).
  Doc kpt = load("metadata:\n  annotations:\n    config.kubernetes.io/index: '0'\n    example.com/x: {a: b}\n"
                 "    volsync-gen.io/name: db\n    internal.config.kubernetes.io/path: a.yaml\n");
  Findings k_f;
  PvcFacts kp;
  EXPECT_FALSE(read_pvc(kpt, o, kp, k_f));
  ASSERT_EQ(k_f.size(), 1u);
  EXPECT_EQ(k_f[0].field, "metadata.annotations[example.com/x]");
  EXPECT_EQ(kp.annotations, (KV{{"volsync-gen.io/name", "db"}}));
  EXPECT_EQ(kp.annotations.capacity(), 1u);

  Doc bare = load("kind: PersistentVolumeClaim\n");
  Findings h;
  EXPECT_TRUE(read_pvc(bare, o, p, h));
  EXPECT_TRUE(p.access_modes.empty());
  EXPECT_TRUE(p.storage.empty());
}

}  // namespace
}  // namespace vg
