#include "hyperbagel/ui/history_model.h"

#include <QCoreApplication>
#include <algorithm>

namespace hb::ui {
QString tierDisplayName(const QString& tier) {
    if (tier == QStringLiteral("preview")) {
        return HistoryModel::tr("Preview");
    }
    if (tier == QStringLiteral("fast")) {
        return HistoryModel::tr("Fast");
    }
    if (tier == QStringLiteral("full")) {
        return HistoryModel::tr("Full");
    }
    return tier;
}

QString HistoryNode::describe() const {
    if (tier.isEmpty()) {
        return {};
    }
    return HistoryModel::tr("%1 · %2 steps · seed %3 · %4 s")
        .arg(tierDisplayName(tier))
        .arg(steps)
        .arg(seed)
        .arg(elapsedMs / 1000.0, 0, 'f', 1);
}

HistoryModel::HistoryModel(QObject* parent) : QObject(parent) {}

void HistoryModel::insertNode(const HistoryNode& node) {
    Q_ASSERT(node.id > 0 && this->node(node.id) == nullptr);
    m_nodes.append(node);
    m_nextId = std::max(m_nextId, node.id + 1);
    Q_EMIT nodeAdded(node.id);
}

void HistoryModel::removeNode(int id) {
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [id](const HistoryNode& n) { return n.id == id; });
    if (it == m_nodes.end()) {
        return;
    }
    m_nodes.erase(it);
    if (m_currentId == id) {
        setCurrentId(0);
    }
    Q_EMIT nodeRemoved(id);
}

const HistoryNode* HistoryModel::node(int id) const {
    for (const HistoryNode& n : m_nodes) {
        if (n.id == id) {
            return &n;
        }
    }
    return nullptr;
}

QList<int> HistoryModel::childrenOf(int id) const {
    QList<int> children;
    for (const HistoryNode& n : m_nodes) {
        if (n.parentId == id) {
            children.append(n.id);
        }
    }
    return children;
}

QList<int> HistoryModel::search(const QString& text) const {
    const QString needle = text.trimmed();
    QList<int> found;
    for (const HistoryNode& n : m_nodes) {
        const QString haystack = n.title + QLatin1Char(' ') + n.prompt + QLatin1Char(' ') + n.describe();
        if (needle.isEmpty() || haystack.contains(needle, Qt::CaseInsensitive)) {
            found.append(n.id);
        }
    }
    return found;
}

void HistoryModel::setCurrentId(int id) {
    if (id == m_currentId) {
        return;
    }
    m_currentId = id;
    Q_EMIT currentChanged(id);
}

void HistoryModel::clear() {
    setCurrentId(0);
    while (!m_nodes.isEmpty()) {
        removeNode(m_nodes.constLast().id);
    }
}

} // namespace hb::ui
