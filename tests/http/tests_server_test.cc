// Tests over the real `bimtek serve` process (issue 5): the phone test page (gzipped under
// 60 KB, no inline script), submits that count once (double submit, retry, form post without
// JavaScript), and the kill -9 test: SIGKILL the server during a burst of submits from several
// threads, restart it, and find every acknowledged submit exactly once and nothing half-written.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "base/strings.h"
#include "boost/asio/connect.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "crypto/vault.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/questions.h"
#include "service/reference.h"
#include "service/registry.h"
#include "service/tests.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/testing.h"

namespace bimtek {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

struct Reply {
  bool ok = false;  // a complete response was read
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

// One request on a new connection; never fails the test (the kill test expects failures).
Reply Http(uint16_t port, bhttp::verb method, const std::string& target, const std::string& body,
           const std::vector<std::pair<std::string, std::string>>& headers) {
  Reply out;
  try {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty()) req.body() = body;
    req.prepare_payload();
    bhttp::write(s, req);
    boost::beast::flat_buffer buf;
    bhttp::response_parser<bhttp::string_body> p;
    p.body_limit(16 << 20);
    bhttp::read(s, buf, p);
    out.ok = true;
    out.status = p.get().result_int();
    out.body = p.get().body();
    for (const auto& f : p.get()) {
      out.headers[ToLowerAscii(std::string(f.name_string()))] = std::string(f.value());
    }
  } catch (const std::exception&) {
    out.ok = false;
  }
  return out;
}

std::string Gunzip(const std::string& in) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

uint16_t FreePort() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

struct Participant {
  int64_t person_id = 0;
  std::string code;
  std::string cookie, csrf, key;
};

// A store with `n` KPPS members of desa 32.71.01.1001 holding access codes, the starter bank,
// and one open pre-test of 10 items over Kota Bogor. Returns the test id.
int64_t MakeStore(const std::string& db, int n, std::vector<Participant>& people) {
  auto ref = service::DefaultReference();
  EXPECT_TRUE(ref.ok());
  auto key = crypto::LoadOrCreateKeyFile(db + ".key");
  EXPECT_TRUE(key.ok()) << key.status();
  crypto::Vault vault(*key);
  auto st = store::OpenSqliteStore(db, (*ref)->regions.all());
  EXPECT_TRUE(st.ok()) << st.status();
  EXPECT_TRUE(service::BindKey(**st, vault).ok());
  service::Registry reg{**st, vault, **ref};
  {
    auto txn = (*st)->Begin();
    for (int i = 0; i < n; ++i) {
      Person p;
      p.nik = fmt::format("32710157059{:05d}", i + 1);
      p.name = fmt::format("Peserta {}", i);
      p.sex = Sex::kFemale;
      p.birth_date = Date{1990, 5, 17};
      p.role = Role::kKpps;
      p.tps = MakeTpsCode(3271011001, i / 7 + 1);
      p.position = i % 7 + 1;
      p.work_region = 3271011001;
      auto id = (*txn)->InsertPerson(service::SealPerson(vault, p));
      EXPECT_TRUE(id.ok()) << id.status();
      Participant part;
      part.person_id = *id;
      people.push_back(part);
    }
    EXPECT_TRUE((*txn)->Commit().ok());
  }
  auto accounts = store::OpenSqliteAccounts(db);
  service::AuthConfig ac;
  ac.cheap_hashing = true;
  service::Auth auth(**accounts, &reg, ac);
  auto admin = auth.AddUser({"admin", store::UserRole::kNationalAdmin, 0, "Admin"}, "rahasia-sekali-123");
  EXPECT_TRUE(admin.ok()) << admin.status();
  for (int i = 0; i < n; ++i) {
    auto code = auth.IssueAccessCode(*admin, fmt::format("32710157059{:05d}", i + 1));
    EXPECT_TRUE(code.ok()) << code.status();
    people[static_cast<size_t>(i)].code = *code;
  }
  auto bank = store::OpenSqliteQuestions(db);
  EXPECT_TRUE(service::EnsureStarterBank(**bank, 1).ok());
  auto tests = store::OpenSqliteTests(db);
  service::Tests svc(**tests, **bank, **st, &vault, nullptr);
  service::NewTest nt;
  nt.name = "Pra-tes KPPS";
  nt.scope = 3271;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  nt.opens_unix = now - 60;
  nt.closes_unix = now + 3600;
  nt.blueprint = "M1:3,M2:3,M3:2,M4:2";
  nt.forms = 2;
  auto t = svc.Create(*admin, nt, now);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? t->id : 0;
}

class ServerProcess {
 public:
  ServerProcess(const std::string& db, uint16_t port) {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string listen = fmt::format("127.0.0.1:{}", port);
      execl(BIMTEK_BINARY, "bimtek", "serve", "--db", db.c_str(), "--listen", listen.c_str(),
            "--threads", "2", "--access-log", "off", static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      if (Http(port, bhttp::verb::get, "/api/v1/ping", "", {}).ok) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the server did not start";
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  void Kill9() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

// Logs the participant in and fetches the test page; fills cookie, csrf and key.
void LogInAndFetch(uint16_t port, int64_t test, Participant& p, std::string* page = nullptr) {
  Reply login = Http(port, bhttp::verb::post, "/api/v1/login/participant",
                     nlohmann::json{{"code", p.code}, {"birth_date", "1990-05-17"}}.dump(),
                     {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200u) << login.body;
  const std::string sc = login.headers["set-cookie"];
  p.cookie = sc.substr(0, sc.find(';'));
  p.csrf = nlohmann::json::parse(login.body)["csrf_token"].get<std::string>();
  Reply r = Http(port, bhttp::verb::get, fmt::format("/ujian/{}", test), "",
                 {{"Cookie", p.cookie}, {"Accept-Encoding", "gzip, deflate"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  const std::string html = r.headers["content-encoding"] == "gzip" ? Gunzip(r.body) : r.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, std::regex(R"re(name="key" value="([^"]+)")re")));
  p.key = m[1].str();
  if (page) *page = r.body;
}

Reply Submit(uint16_t port, int64_t test, const Participant& p, const std::string& answer) {
  return Http(port, bhttp::verb::post, fmt::format("/api/v1/tests/{}/submit", test),
              nlohmann::json{{"key", p.key}, {"answers", nlohmann::json::object()}, {"x", answer}}
                  .dump(),
              {{"Cookie", p.cookie}, {"X-CSRF-Token", p.csrf}, {"Content-Type", "application/json"}});
}

class TestsServerTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  std::string db_ = dir_.File("t.db");
};

TEST_F(TestsServerTest, PhonePageIsSmallGzippedAndSubmitsCountOnce) {
  std::vector<Participant> people;
  const int64_t test = MakeStore(db_, 3, people);
  const uint16_t port = FreePort();
  ServerProcess server(db_, port);
  std::string gz;
  LogInAndFetch(port, test, people[0], &gz);
  // The whole test in one response, at most 60 KB compressed; no inline script (CSP).
  EXPECT_LT(gz.size(), 60u * 1024);
  const std::string html = Gunzip(gz);
  EXPECT_GT(html.size(), gz.size());
  EXPECT_EQ(std::count(html.begin(), html.end(), '\0'), 0);
  EXPECT_THAT(html, ::testing::HasSubstr("<script src=\"/static/ujian.js\" defer></script>"));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  size_t items = 0;
  for (size_t at = 0; (at = html.find("class=\"soal\"", at)) != std::string::npos; ++at) ++items;
  EXPECT_EQ(items, 10u);
  std::printf("test page: %zu bytes, %zu gzipped\n", html.size(), gz.size());
  Reply js = Http(port, bhttp::verb::get, "/static/ujian.js", "", {});
  EXPECT_EQ(js.status, 200u);
  EXPECT_THAT(js.body, ::testing::HasSubstr("localStorage"));

  // Double submit: one attempt, the same answer twice.
  Reply a = Submit(port, test, people[0], "1");
  ASSERT_EQ(a.status, 200u) << a.body;
  Reply b = Submit(port, test, people[0], "2");
  ASSERT_EQ(b.status, 200u) << b.body;
  const auto ja = nlohmann::json::parse(a.body)["attempt"], jb = nlohmann::json::parse(b.body)["attempt"];
  EXPECT_FALSE(ja["duplicate"].get<bool>());
  EXPECT_TRUE(jb["duplicate"].get<bool>());
  EXPECT_EQ(ja["id"], jb["id"]);
  // Without a CSRF token: 403, nothing stored.
  Reply no_csrf = Http(port, bhttp::verb::post, fmt::format("/api/v1/tests/{}/submit", test),
                       nlohmann::json{{"key", people[0].key}}.dump(),
                       {{"Cookie", people[0].cookie}, {"Content-Type", "application/json"}});
  EXPECT_EQ(no_csrf.status, 403u);
  // A forged key: 400 with a message.
  Participant forged = people[1];
  LogInAndFetch(port, test, forged);
  forged.key.back() = forged.key.back() == 'a' ? 'b' : 'a';
  Reply bad = Submit(port, test, forged, "");
  EXPECT_EQ(bad.status, 400u) << bad.body;

  // The plain form post (no JavaScript): 303 to the result page, which shows the explanations.
  Participant& p = people[2];
  LogInAndFetch(port, test, p);
  const std::string form = "csrf=" + p.csrf + "&key=" + p.key;
  Reply post = Http(port, bhttp::verb::post, fmt::format("/ujian/{}", test), form,
                    {{"Cookie", p.cookie}, {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(post.status, 303u) << post.body;
  Reply result = Http(port, bhttp::verb::get, fmt::format("/ujian/{}", test), "", {{"Cookie", p.cookie}});
  EXPECT_EQ(result.status, 200u);
  EXPECT_THAT(result.body, ::testing::HasSubstr("class=\"penjelasan\""));
  auto tests = store::OpenSqliteTests(db_);
  int n = 0;
  ASSERT_TRUE((*tests)->ScanAttempts({test, 0, 9'999'999'999}, [&](const store::TestAttempt&) {
    ++n;
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(n, 2);
}

// The page is spliced from pieces deflated once per (test, form) (gzip_splice.h): it must still
// be one valid gzip member (CRC and length checked), equal to the plain page, and personal: the
// participant's own CSRF token and key, their form, their order of items and options.
TEST_F(TestsServerTest, CachedPageIsValidGzipAndPersonalPerParticipant) {
  constexpr int kPeople = 6;
  std::vector<Participant> people;
  const int64_t test = MakeStore(db_, kPeople, people);
  std::shared_ptr<const service::LoadedTest> lt;
  {
    auto ref = service::DefaultReference();
    auto key = crypto::LoadOrCreateKeyFile(db_ + ".key");
    crypto::Vault vault(*key);
    auto st = store::OpenSqliteStore(db_, (*ref)->regions.all());
    auto bank = store::OpenSqliteQuestions(db_);
    auto tests = store::OpenSqliteTests(db_);
    service::Tests svc(**tests, **bank, **st, &vault, nullptr);
    auto loaded = svc.Load(test);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    lt = *loaded;
  }
  const uint16_t port = FreePort();
  ServerProcess server(db_, port);
  std::set<std::string> orders;
  for (int i = 0; i < kPeople; ++i) {
    Participant& p = people[static_cast<size_t>(i)];
    std::string gz;
    LogInAndFetch(port, test, p, &gz);
    // One complete member: inflate must reach the end with the right CRC-32 and length.
    z_stream z{};
    ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    std::string html(1 << 20, '\0');
    z.next_in = reinterpret_cast<Bytef*>(gz.data());
    z.avail_in = static_cast<uInt>(gz.size());
    z.next_out = reinterpret_cast<Bytef*>(html.data());
    z.avail_out = static_cast<uInt>(html.size());
    ASSERT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END) << (z.msg ? z.msg : "");
    EXPECT_EQ(z.avail_in, 0u);  // nothing after the member
    html.resize(z.total_out);
    inflateEnd(&z);
    EXPECT_LT(gz.size(), 60u * 1024);
    // Personal: this participant's CSRF token (logout form and test form) and key, no one else's.
    size_t csrf_count = 0;
    for (size_t at = 0; (at = html.find("value=\"" + p.csrf + "\"", at)) != std::string::npos;
         ++at) {
      ++csrf_count;
    }
    EXPECT_EQ(csrf_count, 2u);
    EXPECT_THAT(html, ::testing::HasSubstr("name=\"key\" value=\"" + p.key + "\""));
    for (int j = 0; j < i; ++j) {
      EXPECT_EQ(html.find(people[static_cast<size_t>(j)].csrf), std::string::npos);
    }
    // Their form in their order: items and options as OrderFor gives them.
    const int form = assessment::FormOf(lt->test.seed, p.person_id,
                                        static_cast<int>(lt->forms.size()));
    const auto& items = lt->forms[static_cast<size_t>(form)];
    const auto order =
        assessment::OrderFor(lt->test.seed, p.person_id, lt->ptr[static_cast<size_t>(form)]);
    std::string want, got, item_order;
    for (size_t k = 0; k < order.items.size(); ++k) {
      const auto& q = items[static_cast<size_t>(order.items[k])];
      item_order += q.id + " ";
      EXPECT_THAT(html, ::testing::HasSubstr(fmt::format("<legend>Soal {}</legend>", k + 1)));
      if (q.type == questions::ItemType::kMatching) continue;
      for (int o : order.options[static_cast<size_t>(order.items[k])]) {
        want += q.id + "=" + q.options[static_cast<size_t>(o)].id + " ";
      }
    }
    const std::regex input(R"re(name="q\.([^"]+)" value="([^"]+)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), input);
         it != std::sregex_iterator(); ++it) {
      got += (*it)[1].str() + "=" + (*it)[2].str() + " ";
    }
    EXPECT_EQ(got, want) << "participant " << i;
    orders.insert(item_order);
    if (i == 0) {
      // Without gzip: the same page as plain text (the key differs: each fetch signs a new one).
      Reply plain = Http(port, bhttp::verb::get, fmt::format("/ujian/{}", test), "",
                         {{"Cookie", p.cookie}});
      ASSERT_EQ(plain.status, 200u);
      EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
      std::smatch m;
      ASSERT_TRUE(std::regex_search(plain.body, m,
                                    std::regex(R"re(name="key" value="([^"]+)")re")));
      std::string same = plain.body;
      same.replace(static_cast<size_t>(m.position(1)), m[1].str().size(), p.key);
      EXPECT_EQ(same, html);
    }
  }
  EXPECT_GE(orders.size(), 2u);  // shuffled per person, not one order for everyone
}

TEST_F(TestsServerTest, KillNineDuringABurstLosesNoAcknowledgedSubmit) {
  constexpr int kPeople = 240, kThreads = 6;
  std::vector<Participant> people;
  const int64_t test = MakeStore(db_, kPeople, people);
  const uint16_t port = FreePort();
  auto server = std::make_unique<ServerProcess>(db_, port);
  for (auto& p : people) LogInAndFetch(port, test, p);

  std::mutex mu;
  std::map<int64_t, int64_t> acked;  // person -> attempt id
  std::atomic<int> acks{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < people.size(); i += kThreads) {
        Reply r = Submit(port, test, people[i], "");
        if (r.ok && r.status == 200) {
          const int64_t id = nlohmann::json::parse(r.body)["attempt"]["id"].get<int64_t>();
          std::lock_guard<std::mutex> l(mu);
          acked[people[i].person_id] = id;
          ++acks;
        }
      }
    });
  }
  while (acks.load() < kPeople / 3) std::this_thread::sleep_for(std::chrono::microseconds(200));
  server->Kill9();
  for (auto& th : threads) th.join();
  const size_t acknowledged = acked.size();
  std::printf("acknowledged before SIGKILL: %zu of %d\n", acknowledged, kPeople);
  EXPECT_GE(acknowledged, static_cast<size_t>(kPeople / 3));
  EXPECT_LT(acknowledged, static_cast<size_t>(kPeople));  // the kill came mid-burst

  // Restart: every acknowledged submit is there once, with its id; every stored row is whole.
  server = std::make_unique<ServerProcess>(db_, port);
  {
    auto tests = store::OpenSqliteTests(db_);
    ASSERT_TRUE(tests.ok()) << tests.status();
    auto bank = store::OpenSqliteQuestions(db_);
    auto regs = store::OpenSqliteStore(db_, (*service::DefaultReference())->regions.all());
    service::Tests svc(**tests, **bank, **regs, nullptr, nullptr);
    auto lt = svc.Load(test);
    ASSERT_TRUE(lt.ok()) << lt.status();
    std::map<int64_t, int> seen;
    std::map<int64_t, int64_t> ids;
    ASSERT_TRUE((*tests)->ScanAttempts({test, 0, 9'999'999'999}, [&](const store::TestAttempt& a) {
      ++seen[a.person_id];
      ids[a.person_id] = a.id;
      EXPECT_EQ(a.presented, 10);
      // The packed row decodes against its form and its score is the stored one.
      const auto& form = (*lt)->ptr[static_cast<size_t>(a.form)];
      EXPECT_TRUE(assessment::UnpackAnswers(form, a.answers).ok());
      auto s01 = assessment::ScorePacked(form, a.answers);
      EXPECT_TRUE(s01.ok());
      if (s01.ok()) {
        EXPECT_EQ(std::count(s01->begin(), s01->end(), 1), a.correct);
      }
      EXPECT_FALSE(a.idem_key.empty());
      return absl::OkStatus();
    }).ok());
    for (const auto& [person, id] : acked) {
      EXPECT_EQ(seen[person], 1) << "person " << person;
      EXPECT_EQ(ids[person], id) << "person " << person;
    }
    for (const auto& [person, n] : seen) EXPECT_EQ(n, 1);
    std::printf("stored after restart: %zu (acknowledged %zu)\n", seen.size(), acknowledged);
  }
  // The restarted server answers a retry of an acknowledged submit with the first result, and
  // takes the unacknowledged ones once.
  int retried = 0;
  for (auto& p : people) {
    Reply r = Submit(port, test, p, "");  // the key and session from before the kill
    ASSERT_EQ(r.status, 200u) << r.body;
    const auto j = nlohmann::json::parse(r.body)["attempt"];
    if (auto it = acked.find(p.person_id); it != acked.end()) {
      EXPECT_TRUE(j["duplicate"].get<bool>());
      EXPECT_EQ(j["id"].get<int64_t>(), it->second);
      ++retried;
    }
  }
  EXPECT_EQ(static_cast<size_t>(retried), acknowledged);
  auto tests = store::OpenSqliteTests(db_);
  int n = 0;
  ASSERT_TRUE((*tests)->ScanAttempts({test, 0, 9'999'999'999}, [&](const store::TestAttempt&) {
    ++n;
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(n, kPeople);
}

}  // namespace
}  // namespace bimtek
