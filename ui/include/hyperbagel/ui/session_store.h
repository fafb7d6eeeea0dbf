#pragma once
// The session folder (docs/product.md §2, History): every history node, every node's region mask and
// the latest unapplied (live) result are autosaved losslessly as PNG, with an index.json that names
// them; every file is
// written to a temporary file and renamed into place (QSaveFile), so a crash never leaves a torn
// file. A session that was not closed cleanly and whose process is gone (its lock file is stale) is
// recovered at the next start.
//
// Layout: <root>/session-<yyyyMMdd-HHmmss-zzz>/{index.json, session.lock, node-<id>.png,
//         mask-<id>.png (Grayscale8, node <id>'s mask), live-<n>.png}
// <root> is $HB_SESSION_DIR when set, else <AppDataLocation>/sessions (see defaultRoot()).
//
// Writes run in order on one background thread; the GUI thread only snapshots the index (a small
// JSON document) and hands implicitly shared QImages over. Thread affinity: create, call and destroy
// on the GUI thread. The destructor waits for queued writes (shutdown only).

#include <QImage>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>
#include <functional>
#include <memory>

#include "hyperbagel/ui/engine_results.h"
#include "hyperbagel/ui/history_model.h"

QT_BEGIN_NAMESPACE
class QDir;
class QLockFile;
QT_END_NAMESPACE

namespace hb::ui {

struct SessionIndex;

/// A recovered node's region mask.
struct RecoveredMask {
    int nodeId = 0;
    QImage mask; ///< Grayscale8, the node image's size
    int featherRadius = 0;
};

/// What a recovered session held.
struct RecoveredSession {
    QList<HistoryNode> nodes; ///< with their images, in creation order
    int currentId = 0;
    bool hasLive = false;
    GeneratedImage live;      ///< the unapplied result (requestId 0)
    QList<RecoveredMask> masks; ///< of recovered nodes only
    /// Files that were left out, one translated sentence each naming the file and why (a mask
    /// that cannot be read or is not its image's size).
    QStringList problems;
};

class SessionStore : public QObject {
    Q_OBJECT

public:
    /// $HB_SESSION_DIR when set and not empty, else <QStandardPaths::AppDataLocation>/sessions.
    static QString defaultRoot();

    explicit SessionStore(QObject* parent = nullptr);
    ~SessionStore() override;

    SessionStore(const SessionStore&) = delete;
    SessionStore& operator=(const SessionStore&) = delete;

    /// Takes over the newest session under `root` that was not closed and whose process is gone, or
    /// starts a new one. Reads the recovered images (a few PNGs, before the window shows). Returns
    /// false with `error` set when no folder can be created or locked.
    bool open(const QString& root, QString* error = nullptr);
    bool isOpen() const { return m_lock != nullptr; }
    QString folder() const { return m_folder; }
    bool wasRecovered() const { return m_recovered; }
    const RecoveredSession& recovered() const { return m_recoveredSession; }

    /// Follows `model` from now on: each added node's image is written, and the index after every
    /// change. Nodes from recovered() are already on disk and are not written again.
    void track(const HistoryModel& model);
    /// Saves the shown, unapplied result (latest wins: results arriving while one is being written
    /// are coalesced to the newest).
    void saveLive(const GeneratedImage& result);
    void clearLive();
    /// Saves node `nodeId`'s region mask (Grayscale8, its image's size) as mask-<id>.png; a null
    /// mask removes the file. Call after every change (a stroke ended, an undo, a clear).
    void saveMask(int nodeId, const QImage& mask, int featherRadius);
    /// A clean exit: marks the session closed (it will not be recovered), waits for the writes and
    /// releases the lock; an empty session's folder is removed.
    void close();

    /// Writes queued or running; 0 when everything handed over is on disk.
    int pendingWrites() const { return m_pending; }

Q_SIGNALS:
    /// Everything handed over so far is on disk.
    void idle();
    /// A write failed; `message` is translated and names the file.
    void writeFailed(const QString& message);

private:
    bool recover(const QString& folder);
    void recoverMasks(const QDir& dir, const SessionIndex& index);
    bool createFolder(const QString& root, QString* error);
    void onNodeAdded(int id);
    void onNodeRemoved(int id);
    void writeLive();
    void queueIndex();
    SessionIndex snapshot() const;
    /// Runs `task` on the writer thread; its error text (empty: success) and then `done` come back
    /// to the GUI thread in onWriteDone().
    void queue(std::function<QString()> task, std::function<void()> done = {});
    void onWriteDone(const QString& error, const std::function<void()>& done);

    QString m_folder;
    std::unique_ptr<QLockFile> m_lock;
    QThreadPool m_writer; ///< one thread: writes land in the order they were queued
    const HistoryModel* m_model = nullptr; ///< followed since track(); null once destroyed
    QList<HistoryNode> m_nodes;            ///< what the index lists: tracked nodes, without images
    int m_currentId = 0;
    QSet<int> m_nodesOnDisk;
    bool m_recovered = false;
    RecoveredSession m_recoveredSession;
    bool m_closed = false;

    QMap<int, int> m_masks; ///< node id -> feather radius of the masks on disk (mask-<id>.png)

    bool m_hasLive = false;
    GeneratedImage m_live; ///< the live result the index names (its file is m_liveFile)
    QString m_liveFile;
    int m_liveSerial = 0;
    bool m_liveWriting = false;
    bool m_livePending = false;
    GeneratedImage m_pendingLive;
    int m_pending = 0;
};

} // namespace hb::ui
