#include "store/sqlite/sqlite_questions.h"

#include "base/strings.h"
#include "core/questions/question_json.h"
#include "store/sqlite/sqlite_db.h"

namespace bimtek::store {

namespace {

using questions::Question;
using sqlite::Db;
using sqlite::Stmt;

constexpr int kQuestionsSchema = 5;  // the migration that creates the question tables

// Topics are kept as " a b c " so that one LIKE '% t %' finds a tag.
std::string TopicsColumn(const Question& q) {
  std::string out = " ";
  for (const std::string& t : q.topics) out += t + " ";
  return out;
}

class SqliteQuestions : public QuestionStore {
 public:
  explicit SqliteQuestions(Db db) : db_(std::move(db)) {}

  Status Init(const SqliteOptions& options) {
    RETURN_IF_ERROR(db_.Exec(options.synchronous_full ? "PRAGMA synchronous = FULL"
                                                      : "PRAGMA synchronous = NORMAL"));
    RETURN_IF_ERROR(db_.Exec("PRAGMA busy_timeout = 5000"));
    return db_.RequireSchema(kQuestionsSchema, "question tables");
  }

  StatusOr<std::vector<PutResult>> PutQuestions(const std::vector<Question>& items,
                                                int64_t now_unix) override {
    RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    auto result = PutAll(items, now_unix);
    if (!result.ok()) {
      db_.Exec("ROLLBACK").IgnoreError();
      return result.status();
    }
    Status commit = db_.Exec("COMMIT");
    if (!commit.ok()) {
      db_.Exec("ROLLBACK").IgnoreError();
      return commit;
    }
    return result;
  }

  StatusOr<std::optional<Question>> GetQuestion(std::string_view id, int version) override {
    ASSIGN_OR_RETURN(
        Stmt s,
        db_.Prepare(version == 0
                        ? "SELECT content, version, media FROM question_items WHERE id = ?1 "
                          "ORDER BY version DESC LIMIT 1"
                        : "SELECT content, version, media FROM question_items WHERE id = ?1 "
                          "AND version = ?2"));
    s.Bind(1, id);
    if (version != 0) s.Bind(2, version);
    ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return std::optional<Question>();
    ASSIGN_OR_RETURN(Question q, Read(s, true));
    return std::optional<Question>(std::move(q));
  }

  StatusOr<std::vector<Question>> ListQuestions(const QuestionFilter& f, bool with_media) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare(StrCat(
                                 "SELECT content, version, ", with_media ? "media" : "NULL",
                                 " FROM question_items q WHERE version = (SELECT MAX(version) FROM "
                                 "question_items WHERE id = q.id) AND (?1 = '' OR module = ?1) AND "
                                 "(?2 = '' OR topics LIKE '% ' || ?2 || ' %') ORDER BY id")));
    s.Bind(1, std::string_view(f.module)).Bind(2, std::string_view(f.topic));
    std::vector<Question> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(Question q, Read(s, with_media));
      out.push_back(std::move(q));
    }
    return out;
  }

  StatusOr<std::vector<VersionInfo>> ListVersions(std::string_view id) override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT version, created_at FROM question_items WHERE "
                                         "id = ?1 ORDER BY version"));
    s.Bind(1, id);
    std::vector<VersionInfo> out;
    while (true) {
      ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      out.push_back({static_cast<int>(s.Int(0)), s.Int(1)});
    }
    return out;
  }

  StatusOr<int64_t> CountQuestions() override {
    ASSIGN_OR_RETURN(Stmt s, db_.Prepare("SELECT COUNT(DISTINCT id) FROM question_items"));
    ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? s.Int(0) : 0;
  }

 private:
  // Column 0 the item's JSON, 1 its version, 2 its image bytes (or NULL).
  static StatusOr<Question> Read(const Stmt& s, bool with_media) {
    ASSIGN_OR_RETURN(Question q, questions::ItemFromJson(s.Text(0)));
    q.version = static_cast<int>(s.Int(1));
    if (q.media.has_value() && with_media && !s.IsNull(2)) q.media->bytes = s.Blob(2);
    return q;
  }

  StatusOr<std::vector<PutResult>> PutAll(const std::vector<Question>& items, int64_t now_unix) {
    ASSIGN_OR_RETURN(Stmt latest,
                     db_.Prepare("SELECT content, version, media FROM question_items WHERE id = "
                                 "?1 ORDER BY version DESC LIMIT 1"));
    ASSIGN_OR_RETURN(
        Stmt insert,
        db_.Prepare("INSERT INTO question_items(id, version, type, module, topics, content, "
                    "media_mime, media, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
    std::vector<PutResult> out;
    for (const Question& q : items) {
      latest.Bind(1, std::string_view(q.id));
      auto row = latest.Step();
      if (!row.ok()) return row.status();
      PutResult r{q.id, 1, PutOutcome::kNew};
      if (*row) {
        auto old = Read(latest, true);
        if (!old.ok()) return old.status();
        r.version = old->version;
        r.outcome = old->SameContent(q) ? PutOutcome::kUnchanged : PutOutcome::kNewVersion;
        if (r.outcome == PutOutcome::kNewVersion) ++r.version;
      }
      latest.Reset();
      if (r.outcome != PutOutcome::kUnchanged) {
        insert.Bind(1, std::string_view(q.id))
            .Bind(2, r.version)
            .Bind(3, questions::TypeName(q.type))
            .Bind(4, std::string_view(q.module))
            .Bind(5, std::string_view(TopicsColumn(q)))
            .Bind(6, std::string_view(questions::ItemToJson(q)));
        if (q.media.has_value() && !q.media->bytes.empty()) {
          insert.Bind(7, questions::MediaMime(q.media->src)).BindBlob(8, q.media->bytes);
        } else {
          insert.BindNull(7).BindNull(8);
        }
        insert.Bind(9, now_unix);
        RETURN_IF_ERROR(insert.Run());
      }
      out.push_back(std::move(r));
    }
    return out;
  }

  Db db_;
};

}  // namespace

StatusOr<std::unique_ptr<QuestionStore>> OpenSqliteQuestions(const std::string& path,
                                                             SqliteOptions options) {
  ASSIGN_OR_RETURN(Db db, sqlite::Db::Open(path));
  auto store = std::make_unique<SqliteQuestions>(std::move(db));
  RETURN_IF_ERROR(store->Init(options));
  return std::unique_ptr<QuestionStore>(std::move(store));
}

}  // namespace bimtek::store
