#include "store/postgres/postgres_questions.h"

#include <map>

#include "base/strings.h"
#include "core/questions/question_json.h"
#include "store/postgres/pg_session.h"

namespace bimtek::store {

namespace {

using pg::Conn;
using pg::Param;
using pg::Result;
using questions::Question;

constexpr int kQuestionsSchema = 5;  // the migration that creates the question tables

// pg_advisory_xact_lock key: writers of the bank take turns, so version numbers never race.
constexpr int64_t kBankLock = 0x42494d54454b05;

// Topics are kept as " a b c " so that one position(' t ' in topics) finds a tag.
std::string TopicsColumn(const Question& q) {
  std::string out = " ";
  for (const std::string& t : q.topics) out += t + " ";
  return out;
}

// Columns content, version, media (or NULL) of row i.
StatusOr<Question> Read(const Result& r, int i, bool with_media) {
  ASSIGN_OR_RETURN(Question q, questions::ItemFromJson(r.Text(i, 0)));
  q.version = static_cast<int>(r.Int(i, 1));
  if (q.media.has_value() && with_media && !r.IsNull(i, 2)) q.media->bytes = r.Bytes(i, 2);
  return q;
}

class PgQuestions : public QuestionStore {
 public:
  explicit PgQuestions(Conn conn) : conn_(std::move(conn)) {}

  StatusOr<std::vector<PutResult>> PutQuestions(const std::vector<Question>& items,
                                                int64_t now_unix) override {
    std::vector<PutResult> out;
    RETURN_IF_ERROR(pg::InTxn(conn_, [&]() -> Status {
      out.clear();
      RETURN_IF_ERROR(conn_.Script(StrCat("SELECT pg_advisory_xact_lock(", kBankLock, ")")));
      // The latest version of each id, this batch's own writes included (an id given twice is
      // compared with its first copy, as writing one by one would).
      std::map<std::string, Question> latest;
      std::string data;
      for (const Question& q : items) {
        auto it = latest.find(q.id);
        if (it == latest.end()) {
          ASSIGN_OR_RETURN(Result r,
                           conn_.Exec("SELECT content, version, media FROM question_items WHERE "
                                      "id = $1 ORDER BY version DESC LIMIT 1",
                                      {Param::Text(q.id)}));
          if (r.rows() > 0) {
            ASSIGN_OR_RETURN(Question old, Read(r, 0, true));
            it = latest.emplace(q.id, std::move(old)).first;
          }
        }
        PutResult res{q.id, 1, PutOutcome::kNew};
        if (it != latest.end()) {
          res.version = it->second.version;
          res.outcome =
              it->second.SameContent(q) ? PutOutcome::kUnchanged : PutOutcome::kNewVersion;
          if (res.outcome == PutOutcome::kNewVersion) ++res.version;
        }
        if (res.outcome != PutOutcome::kUnchanged) {
          pg::CopyText(data, q.id);
          pg::CopyInt(data, res.version);
          pg::CopyText(data, questions::TypeName(q.type));
          pg::CopyText(data, q.module);
          pg::CopyText(data, TopicsColumn(q));
          pg::CopyText(data, questions::ItemToJson(q));
          if (q.media.has_value() && !q.media->bytes.empty()) {
            pg::CopyText(data, questions::MediaMime(q.media->src));
            pg::CopyBytes(data, q.media->bytes);
          } else {
            pg::CopyNull(data);
            pg::CopyNull(data);
          }
          pg::CopyInt(data, now_unix);
          data.push_back('\n');
          Question stored = q;
          stored.version = res.version;
          latest[q.id] = std::move(stored);
        }
        out.push_back(std::move(res));
      }
      if (data.empty()) return absl::OkStatus();
      return conn_.CopyIn(
          "COPY question_items(id, version, type, module, topics, content, media_mime, media, "
          "created_at) FROM STDIN",
          data);
    }));
    return out;
  }

  StatusOr<std::optional<Question>> GetQuestion(std::string_view id, int version) override {
    std::vector<Param> params = {Param::Text(id)};
    if (version != 0) params.push_back(Param::Int(version));
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(version == 0 ? "SELECT content, version, media FROM question_items WHERE "
                                  "id = $1 ORDER BY version DESC LIMIT 1"
                                : "SELECT content, version, media FROM question_items WHERE "
                                  "id = $1 AND version = $2",
                   params));
    if (r.rows() == 0) return std::optional<Question>();
    ASSIGN_OR_RETURN(Question q, Read(r, 0, true));
    return std::optional<Question>(std::move(q));
  }

  StatusOr<std::vector<Question>> ListQuestions(const QuestionFilter& f, bool with_media) override {
    ASSIGN_OR_RETURN(
        Result r,
        conn_.Exec(StrCat("SELECT content, version, ", with_media ? "media" : "NULL",
                          " FROM (SELECT DISTINCT ON (id) * FROM question_items ORDER BY id, "
                          "version DESC) q WHERE ($1 = '' OR module = $1) AND ($2 = '' OR "
                          "position(' ' || $2 || ' ' in topics) > 0) ORDER BY id"),
                   {Param::Text(f.module), Param::Text(f.topic)}));
    std::vector<Question> out;
    for (int i = 0; i < r.rows(); ++i) {
      ASSIGN_OR_RETURN(Question q, Read(r, i, with_media));
      out.push_back(std::move(q));
    }
    return out;
  }

  StatusOr<std::vector<VersionInfo>> ListVersions(std::string_view id) override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT version, created_at FROM question_items WHERE "
                                          "id = $1 ORDER BY version",
                                          {Param::Text(id)}));
    std::vector<VersionInfo> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back({static_cast<int>(r.Int(i, 0)), r.Int(i, 1)});
    return out;
  }

  StatusOr<int64_t> CountQuestions() override {
    ASSIGN_OR_RETURN(Result r, conn_.Exec("SELECT count(DISTINCT id) FROM question_items"));
    return r.Int(0, 0);
  }

 private:
  Conn conn_;
};

}  // namespace

StatusOr<std::unique_ptr<QuestionStore>> OpenPostgresQuestions(const std::string& url) {
  ASSIGN_OR_RETURN(Conn conn, pg::ConnectFor(url, kQuestionsSchema, "question tables"));
  return std::unique_ptr<QuestionStore>(std::make_unique<PgQuestions>(std::move(conn)));
}

}  // namespace bimtek::store
