// (--now 1795500000 is 2026-11-24 06:00 UTC.)
// volsync-gen inventory, through the real binary: rows per PVC and repository, next runs computed
// from the spread schedules, and crowded minutes flagged.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace {

struct Out {
  std::string text;
  int status = -1;
};

Out run(const std::string& args, const std::string& input) {
  // ctest runs each test as its own process, in parallel: one input file per process.
  const std::string in = testing::TempDir() + "/inventory-in-" + std::to_string(getpid()) + ".yaml";
  std::ofstream(in) << input;
  std::string cmd = std::string(VG_BINARY) + " inventory --now 1795500000 " + args + " " + in + " 2>&1";
  Out o;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) o.text.append(buf, n);
  int rc = pclose(p);
  o.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  std::remove(in.c_str());
  return o;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string pvcs_at_same_time(int n) {
  std::string s = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n";
  for (int i = 0; i < n; ++i)
    s += "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: p" + std::to_string(i) +
         "\n    namespace: a\n    annotations: {volsync-gen.io/schedule: \"0 3 * * *\"}\n"
         "  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n";
  s += "- apiVersion: v1\n  kind: Secret\n  metadata: {name: base, namespace: a}\n"
       "  stringData: {RESTIC_PASSWORD: x, AWS_ACCESS_KEY_ID: a, AWS_SECRET_ACCESS_KEY: b}\n"
       "functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n"
       "  data: {secretName: base, repository: 's3:http://minio:9000/b', cacheCapacity: 1Gi}\n";
  return s;
}

TEST(Inventory, MarkdownListsEveryPvcWithSpreadScheduleAndNextRuns) {
  Out o = run("", slurp(std::string(VG_SOURCE_DIR) + "/testdata/seed-cluster/input.yaml"));
  ASSERT_EQ(o.status, 0) << o.text;
  // 4 selected PVCs; the unlabelled jellyfin-cache is not listed.
  EXPECT_NE(o.text.find("| media | jellyfin-config | 10Gi | default | `s3:http://192.168.10.133:30292/volsync-backup/media/jellyfin-config` | `43 * * * *` | 2026-11-24T06:43Z"), std::string::npos) << o.text;
  EXPECT_NE(o.text.find("| databases | postgres | 20Gi |"), std::string::npos);
  EXPECT_EQ(o.text.find("jellyfin-cache"), std::string::npos);
  EXPECT_NE(o.text.find("No minute has more than 3 backup starts."), std::string::npos);
}

TEST(Inventory, FlagsCrowdedMinutes) {
  Out o = run("--max-per-minute 3", pvcs_at_same_time(5));
  EXPECT_EQ(o.status, 3) << o.text;
  EXPECT_NE(o.text.find("WARNING: 5 backups start at 2026-11-25T03:00Z"), std::string::npos) << o.text;
  Out ok = run("--max-per-minute 5", pvcs_at_same_time(5));
  EXPECT_EQ(ok.status, 0) << ok.text;
}

TEST(Inventory, JsonAndCsv) {
  Out j = run("--format json", pvcs_at_same_time(2));
  ASSERT_EQ(j.status, 0) << j.text;
  EXPECT_NE(j.text.find("\"pvc\": \"p1\", \"size\": \"1Gi\""), std::string::npos) << j.text;
  EXPECT_NE(j.text.find("\"startsPerHourUTC\": {\"3\": 2}"), std::string::npos) << j.text;
  Out c = run("--format csv", pvcs_at_same_time(1));
  ASSERT_EQ(c.status, 0) << c.text;
  EXPECT_EQ(c.text,
            "namespace,pvc,size,repository_name,repository,schedule,next_runs_utc,retain,restore,credentials,"
            "credentials_source,namespace_policy,mover\n"
            "a,p0,1Gi,default,s3:http://minio:9000/b/a/p0,0 3 * * *,2026-11-25T03:00Z 2026-11-26T03:00Z "
            "2026-11-27T03:00Z,hourly=24 daily=7 weekly=4 monthly=6,snapshot,secret,Secret base,all namespaces,restic\n");
}

// Issue 17: the namespace policy, and a selected PVC it refuses (action warn), in every format.
std::string policy_input(const std::string& action) {
  std::string s = pvcs_at_same_time(1);  // p0 in namespace a
  s.insert(s.find("- apiVersion: v1\n  kind: Secret"),
           "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: scratch\n    namespace: sandbox-bob\n"
           "    labels: {backup: daily}\n  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n");
  const std::string data = "cacheCapacity: 1Gi";
  s.replace(s.find(data), data.size(),
            data + ", namespacesInclude: 'a, sandbox-*', namespacesExclude: 'sandbox-?ob', namespacesAction: " + action);
  return s;
}

TEST(Inventory, ShowsTheNamespacePolicyAndWhatItRefuses) {
  Out md = run("", policy_input("warn"));
  ASSERT_EQ(md.status, 0) << md.text;
  EXPECT_NE(md.text.find("Namespace policy: include [a, sandbox-*]; exclude [sandbox-?ob]; action warn\n"),
            std::string::npos) << md.text;
  EXPECT_NE(md.text.find("| sandbox-bob | scratch | `data.namespacesExclude[0] (sandbox-?ob)` |"), std::string::npos)
      << md.text;
  EXPECT_EQ(md.text.find("| sandbox-bob | scratch | 1Gi"), std::string::npos) << "a refused PVC has no backup row";

  Out j = run("--format json", policy_input("warn"));
  ASSERT_EQ(j.status, 0) << j.text;
  EXPECT_NE(j.text.find("\"namespacePolicy\": {\"include\": [\"a\", \"sandbox-*\"], \"exclude\": [\"sandbox-?ob\"], "
                        "\"action\": \"warn\", \"refused\": [{\"namespace\": \"sandbox-bob\", \"pvc\": \"scratch\", "
                        "\"refusedBy\": \"data.namespacesExclude[0] (sandbox-?ob)\"}]}"),
            std::string::npos) << j.text;

  Out c = run("--format csv", policy_input("warn"));
  ASSERT_EQ(c.status, 0) << c.text;
  EXPECT_NE(c.text.find(",secret,Secret base,allowed by data.namespacesInclude[0] (a),restic\n"), std::string::npos) << c.text;
  EXPECT_NE(c.text.find("\nsandbox-bob,scratch,,,,,,,,,,refused by data.namespacesExclude[0] (sandbox-?ob),\n"),
            std::string::npos) << c.text;

  Out e = run("", policy_input("error"));  // the default action: the run fails, naming the PVC
  EXPECT_EQ(e.status, 1) << e.text;
  EXPECT_NE(e.text.find("error namespace-policy PersistentVolumeClaim sandbox-bob/scratch"), std::string::npos) << e.text;
}

// Per credentials source, the namespaces that receive it, in every format; no value of a source Secret.
TEST(Inventory, CredentialsSourcesPerNamespace) {
  const std::string input = slurp(std::string(VG_SOURCE_DIR) + "/testdata/credentials-by-namespace/input.yaml");
  Out m = run("", input);
  ASSERT_EQ(m.status, 0) << m.text;
  EXPECT_NE(m.text.find("| repository | credentials | source | namespaces |\n|---|---|---|---|\n"
                        "| default | secret | Secret restic-media | media |\n"
                        "| default | secret | Secret restic-shared | home |\n"
                        "| default | secret | Secret restic-special | team-special |\n"
                        "| default | secret | Secret restic-teams | team-a |\n"),
            std::string::npos) << m.text;
  Out j = run("--format json", input);
  ASSERT_EQ(j.status, 0) << j.text;
  EXPECT_NE(j.text.find("{\"repositoryName\": \"default\", \"credentials\": \"secret\", \"source\": "
                        "\"Secret restic-teams\", \"namespaces\": [\"team-a\"]}"),
            std::string::npos) << j.text;
  EXPECT_NE(j.text.find("\"pvc\": \"jellyfin\""), std::string::npos) << j.text;
  EXPECT_NE(j.text.find("\"credentialsSource\": \"Secret restic-media\", \"mover\": \"restic\"}"), std::string::npos) << j.text;
  Out c = run("--format csv", input);
  ASSERT_EQ(c.status, 0) << c.text;
  EXPECT_NE(c.text.find("\nteam-special,web,1Gi,default,s3:https://s3.example.com/backups/team-special/web,"),
            std::string::npos) << c.text;
  EXPECT_NE(c.text.find(",snapshot,secret,Secret restic-special,all namespaces,restic\n"), std::string::npos) << c.text;
  for (const Out* o : {&m, &j, &c})
    for (const char* value : {"password-of", "key-id-of", "secret-key-of"})
      EXPECT_EQ(o->text.find(value), std::string::npos) << value << " in " << o->text;
  Out e = run("", slurp(std::string(VG_SOURCE_DIR) + "/testdata/credentials-by-namespace-external-secret/input.yaml"));
  ASSERT_EQ(e.status, 0) << e.text;
  EXPECT_NE(e.text.find("| default | externalSecret | ClusterSecretStore vault, item backups/teams | team-a |"),
            std::string::npos) << e.text;
}

// Issue 15: the mover of every row, in every format, and kopia's retention with the keys it inherits.
TEST(Inventory, MoverAndKopiaRetention) {
  const std::string input = slurp(std::string(VG_SOURCE_DIR) + "/testdata/kopia-nfs-shared/input.yaml");
  Out m = run("", input);
  ASSERT_EQ(m.status, 0) << m.text;
  EXPECT_NE(m.text.find("| retain | restore | credentials | mover |"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("| media | config | 5Gi | nas | `filesystem:///mnt/repository` |"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("| hourly=24 daily=7 weekly=4 (kopia default) monthly=24 (kopia default) yearly=3 (kopia "
                        "default) latest=10 (kopia default) | bootstrap | secret | kopia |"),
            std::string::npos) << m.text;
  EXPECT_NE(m.text.find("| home | legacy | 1Gi | nas | `/mnt/repository/home/legacy` |"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("| hourly=24 daily=7 within=3d | snapshot | secret | restic |"), std::string::npos) << m.text;
  Out j = run("--format json", input);
  ASSERT_EQ(j.status, 0) << j.text;
  EXPECT_NE(j.text.find("\"pvc\": \"db\""), std::string::npos) << j.text;
  EXPECT_NE(j.text.find("\"mover\": \"kopia\"}"), std::string::npos) << j.text;
  EXPECT_NE(j.text.find("\"mover\": \"restic\"}"), std::string::npos) << j.text;
  Out c = run("--format csv", input);
  ASSERT_EQ(c.status, 0) << c.text;
  EXPECT_NE(c.text.find("\nhome,db,2Gi,nas,filesystem:///mnt/repository,"), std::string::npos) << c.text;
  EXPECT_NE(c.text.find(",secret,Secret volsync-base,all namespaces,kopia\n"), std::string::npos) << c.text;
  for (const Out* o : {&m, &j, &c}) EXPECT_EQ(o->text.find("not-a-real"), std::string::npos) << o->text;
}

// PVCs inside a List (issue 12) are listed like any other.
TEST(Inventory, PvcsInsideAListAreListed) {
  const std::string flat = pvcs_at_same_time(2);
  const std::size_t first = flat.find("- apiVersion: v1\n  kind: PersistentVolumeClaim");
  const std::size_t secret = flat.find("- apiVersion: v1\n  kind: Secret");
  std::string nested;  // the PVC items, indented as the items of a List item
  for (std::size_t pos = first; pos < secret;) {
    const std::size_t nl = flat.find('\n', pos);
    nested += "  " + flat.substr(pos, nl + 1 - pos);
    pos = nl + 1;
  }
  const std::string in = flat.substr(0, first) + "- apiVersion: v1\n  kind: List\n  metadata: {name: pvcs}\n  items:\n" +
                         nested + flat.substr(secret);
  Out o = run("--format csv", in);
  EXPECT_EQ(o.status, 0) << o.text;
  EXPECT_NE(o.text.find("\na,p0,1Gi,"), std::string::npos) << o.text;
  EXPECT_NE(o.text.find("\na,p1,1Gi,"), std::string::npos) << o.text;
}

TEST(Inventory, ErrorsInTheInputFailTheCommand) {
  Out o = run("", "apiVersion: v1\nkind: ConfigMap\n");
  EXPECT_EQ(o.status, 1);
  EXPECT_NE(o.text.find("not a ResourceList"), std::string::npos) << o.text;
}

}  // namespace

namespace {

// Issue 14: in credentials mode existing the repository is in the user's Secret; a backend block
// (allowed but not needed) must not produce a made-up path.
TEST(Inventory, ExistingCredentialsShowTheSecretThatHoldsTheRepository) {
  const std::string input =
      "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n"
      "- apiVersion: v1\n  kind: PersistentVolumeClaim\n  metadata:\n    name: data\n    namespace: apps\n"
      "    annotations: {volsync-gen.io/secret-name: data-restic}\n"
      "  spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n"
      "functionConfig:\n  apiVersion: volsync-gen.io/v1alpha1\n  kind: VolSyncBackup\n  metadata: {name: c}\n"
      "  spec:\n    repository: s3:http://minio:9000/made-up\n    credentials: {mode: existing}\n";
  Out o = run("", input);
  ASSERT_EQ(o.status, 0) << o.text;
  EXPECT_NE(o.text.find("RESTIC_REPOSITORY of Secret apps/data-restic"), std::string::npos) << o.text;
  EXPECT_EQ(o.text.find("made-up/apps/data"), std::string::npos) << o.text;
}

// Issue 14/16: explicit crons are kept as written, so inventory says where they start together.
TEST(Inventory, ExplicitCronsPilingUpWarnInEveryFormat) {
  const std::string in = pvcs_at_same_time(2);
  const std::string warning = "2 explicit schedules start together at 03:00 UTC: a/p0, a/p1";
  Out md = run("", in);
  EXPECT_EQ(md.status, 0) << md.text;
  EXPECT_NE(md.text.find("\nWARNING: " + warning), std::string::npos) << md.text;
  Out j = run("--format json", in);
  EXPECT_NE(j.text.find("\"explicitCronPileUps\": [{\"schedules\": [\"a/p0\", \"a/p1\"], \"timesUTC\": [\"03:00\"], "
                        "\"message\": \"" + warning),
            std::string::npos)
      << j.text;
  for (const char* f : {"csv", "svg", "html"}) {
    Out o = run(std::string("--format ") + f, in);
    EXPECT_EQ(o.status, 0) << f;
    EXPECT_NE(o.text.find(warning), std::string::npos) << f << "\n" << o.text;
  }
  Out alone = run("", pvcs_at_same_time(1));
  EXPECT_EQ(alone.text.find("explicit schedules"), std::string::npos) << alone.text;
}

TEST(Inventory, HtmlIsOnePageWithEveryPvcAndSvgTheHeatmapAlone) {
  const std::string in = slurp(std::string(VG_SOURCE_DIR) + "/testdata/seed-cluster/input.yaml");
  Out h = run("--format html", in);
  ASSERT_EQ(h.status, 0) << h.text;
  EXPECT_EQ(h.text.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(h.text.find("</html>\n"), std::string::npos);
  for (const char* pvc : {"jellyfin-config", "postgres"})
    EXPECT_NE(h.text.find(std::string("<th scope=\"row\">") + pvc + "</th>"), std::string::npos) << pvc;
  EXPECT_NE(h.text.find("<td>jellyfin-cache</td>"), std::string::npos);  // not backed up, in the summary
  EXPECT_NE(h.text.find("<title>06:43 UTC: 1 start: media/jellyfin-config</title>"), std::string::npos) << h.text;
  Out s = run("--format svg", in);
  ASSERT_EQ(s.status, 0) << s.text;
  EXPECT_EQ(s.text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0), 0u) << s.text;
  EXPECT_NE(s.text.find("<title>06:43 UTC: 1 start: media/jellyfin-config</title>"), std::string::npos);
  EXPECT_EQ(s.text.find("<table"), std::string::npos);
  Out crowded = run("--format svg --max-per-minute 3", pvcs_at_same_time(5));
  EXPECT_EQ(crowded.status, 3);  // as for every format
  EXPECT_NE(crowded.text.find("<title>03:00 UTC: 5 starts (crowded): a/p0, a/p1, a/p2, a/p3, a/p4</title>"),
            std::string::npos)
      << crowded.text;
}

}  // namespace
