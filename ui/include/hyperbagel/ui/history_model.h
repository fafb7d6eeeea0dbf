#pragma once
// The session's history as a tree: every opened image and every applied result is a node; an edit's
// node is a child of the node it edited, so editing from an earlier node starts a branch. One node is
// current (the canvas shows it). Changes go through QUndoCommands (history_commands.h) in the main
// window; the panel, the canvas and the session folder follow the signals.
// Thread affinity: GUI thread.

#include <QDateTime>
#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

namespace hb::ui {

struct HistoryNode {
    int id = 0;       ///< > 0, unique in a session, never reused
    int parentId = 0; ///< 0: a root (an opened image or a text-to-image result)
    QImage image;
    QString title;    ///< what the strip shows: the prompt, or a file name
    QString prompt;   ///< empty for opened images
    QString tier;     ///< "preview", "fast" or "full"; empty for opened images
    int steps = 0;
    quint64 seed = 0;
    double elapsedMs = 0;
    QString model; ///< the model folder's name that made it; empty for opened images
    QDateTime created;

    /// "Full · 50 steps · seed 7 · 1.2 s" (translated); empty for opened images.
    QString describe() const;
};

/// "Preview", "Fast", "Full" (translated) for a tier name; other text is returned as is.
QString tierDisplayName(const QString& tier);

class HistoryModel : public QObject {
    Q_OBJECT

public:
    explicit HistoryModel(QObject* parent = nullptr);

    /// A fresh id for a node about to be added.
    int allocateId() { return m_nextId++; }
    /// Adds `node` (its id from allocateId(), or a restored id) at the end; ids stay unique.
    void insertNode(const HistoryNode& node);
    /// Removes node `id` (its children keep their parent id; they become unreachable only through
    /// undo, which removes them first).
    void removeNode(int id);
    /// The node, or null.
    const HistoryNode* node(int id) const;
    /// All nodes in the order they were added.
    const QList<HistoryNode>& nodes() const { return m_nodes; }
    int count() const { return static_cast<int>(m_nodes.size()); }
    QList<int> childrenOf(int id) const;
    /// Ids whose title, prompt or details contain `text` (case-insensitive); all for empty text.
    QList<int> search(const QString& text) const;

    int currentId() const { return m_currentId; }
    /// Makes `id` current (0: none); emits currentChanged when it changes.
    void setCurrentId(int id);
    /// Removes every node; the next id continues (ids are never reused).
    void clear();

Q_SIGNALS:
    void nodeAdded(int id);
    void nodeRemoved(int id);
    void currentChanged(int id);

private:
    QList<HistoryNode> m_nodes;
    int m_currentId = 0;
    int m_nextId = 1;
};

} // namespace hb::ui
