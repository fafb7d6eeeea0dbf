#include "hyperbagel/ui/session_store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImageReader>
#include <QImageWriter>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <algorithm>
#include <utility>

#include "session_index.h"

namespace hb::ui {
namespace {

const QString kIndexFile = QStringLiteral("index.json");
const QString kLockFile = QStringLiteral("session.lock");
const QString kFolderPrefix = QStringLiteral("session-");

// Both writers below run on the writer thread and return Qt's error text (empty on success).
QString writePngAtomically(QImage image, const QString& path, const QString& prompt, quint64 seed,
                           const QString& tier) {
    if (!prompt.isEmpty()) { // tEXt chunks, as the export writes them
        image.setText(QStringLiteral("prompt"), prompt);
        image.setText(QStringLiteral("seed"), QString::number(seed));
        image.setText(QStringLiteral("tier"), tier);
    }
    QSaveFile file(path); // a temporary file renamed over `path` by commit()
    if (!file.open(QIODevice::WriteOnly)) {
        return file.errorString();
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        file.cancelWriting();
        return writer.errorString();
    }
    return file.commit() ? QString() : file.errorString();
}

QString writeFileAtomically(const QByteArray& bytes, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return file.errorString();
    }
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return file.errorString();
    }
    return file.commit() ? QString() : file.errorString();
}

HistoryNode withoutImage(HistoryNode node) {
    node.image = QImage();
    return node;
}

QImage readPng(const QString& path) {
    QImageReader reader(path, "png");
    return reader.read();
}

QString maskFileName(int nodeId) { return QStringLiteral("mask-%1.png").arg(nodeId); }

} // namespace

QString SessionStore::defaultRoot() {
    const QString fromEnvironment = qEnvironmentVariable("HB_SESSION_DIR");
    if (!fromEnvironment.isEmpty()) {
        return QDir::cleanPath(fromEnvironment);
    }
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("sessions"));
}

SessionStore::SessionStore(QObject* parent) : QObject(parent) {
    m_writer.setMaxThreadCount(1);
    m_writer.setObjectName(QStringLiteral("SessionWriter"));
}

SessionStore::~SessionStore() {
    // Shutdown only: what was handed over reaches the disk. A session not close()d stays
    // recoverable, exactly as after a crash.
    m_writer.waitForDone();
}

bool SessionStore::open(const QString& root, QString* error) {
    if (isOpen()) {
        return true;
    }
    const QDir rootDir(root);
    if (!rootDir.mkpath(QStringLiteral("."))) {
        if (error != nullptr) {
            *error = tr("Could not create the session folder “%1”.").arg(QDir::toNativeSeparators(root));
        }
        return false;
    }
    // Newest first: the folder names sort by their creation time.
    const QStringList folders = rootDir.entryList({kFolderPrefix + QLatin1Char('*')},
                                                  QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
    for (const QString& name : folders) {
        if (recover(rootDir.filePath(name))) {
            return true;
        }
    }
    return createFolder(root, error);
}

bool SessionStore::recover(const QString& folder) {
    QFile indexFile(QDir(folder).filePath(kIndexFile));
    SessionIndex index;
    const bool readable = indexFile.open(QIODevice::ReadOnly) && sessionIndexFromJson(indexFile.readAll(), &index);
    if (readable && index.closed) {
        return false;
    }
    auto lock = std::make_unique<QLockFile>(QDir(folder).filePath(kLockFile));
    lock->setStaleLockTime(0); // held for the whole session: stale only when its process is gone
    if (!lock->tryLock(0)) {
        return false; // another running instance owns it
    }
    if (!readable || (index.nodes.isEmpty() && !index.hasLive)) {
        lock.reset();
        QDir(folder).removeRecursively(); // died before saving anything: nothing to recover
        return false;
    }
    const QDir dir(folder);
    for (const SessionIndexNode& entry : std::as_const(index.nodes)) {
        HistoryNode node = entry.node;
        node.image = readPng(dir.filePath(entry.file));
        if (!node.image.isNull()) {
            m_recoveredSession.nodes.append(node);
            m_nodesOnDisk.insert(node.id);
            m_nodes.append(withoutImage(node));
        }
    }
    m_recoveredSession.currentId = index.currentId;
    m_currentId = index.currentId;
    recoverMasks(dir, index);
    if (index.hasLive) {
        m_recoveredSession.live = index.live;
        m_recoveredSession.live.image = readPng(dir.filePath(index.liveFile));
        m_recoveredSession.hasLive = !m_recoveredSession.live.image.isNull();
    }
    if (m_recoveredSession.hasLive) {
        m_live = m_recoveredSession.live;
        m_liveFile = index.liveFile;
        m_hasLive = true;
        m_liveSerial = index.liveFile.section(QLatin1Char('-'), 1).section(QLatin1Char('.'), 0, 0).toInt();
    }
    m_folder = folder;
    m_lock = std::move(lock);
    m_recovered = true;
    return true;
}

void SessionStore::recoverMasks(const QDir& dir, const SessionIndex& index) {
    QHash<int, QSize> sizes;
    for (const HistoryNode& node : std::as_const(m_recoveredSession.nodes)) {
        sizes.insert(node.id, node.image.size());
    }
    for (const SessionIndexMask& entry : index.masks) {
        if (!sizes.contains(entry.nodeId)) {
            continue; // the node itself is gone (an undone apply, an unreadable image)
        }
        const QString path = dir.filePath(QFileInfo(entry.file).fileName()); // never outside the folder
        QImageReader reader(path, "png");
        const QImage mask = reader.read();
        const QSize expected = sizes.value(entry.nodeId);
        QString problem;
        if (mask.isNull()) {
            problem = tr("The mask file “%1” of the previous session could not be read (%2); it was ignored.")
                          .arg(QDir::toNativeSeparators(path), reader.errorString());
        } else if (mask.size() != expected) {
            problem =
                tr("The mask file “%1” of the previous session is %2 × %3 pixels, not the %4 × %5 of its "
                   "image; it was ignored.")
                    .arg(QDir::toNativeSeparators(path))
                    .arg(mask.width())
                    .arg(mask.height())
                    .arg(expected.width())
                    .arg(expected.height());
        }
        if (!problem.isEmpty()) {
            qWarning("%s", qUtf8Printable(problem));
            m_recoveredSession.problems.append(problem);
            continue; // not listed again: the next index leaves it out
        }
        m_recoveredSession.masks.append(
            {entry.nodeId, mask.convertToFormat(QImage::Format_Grayscale8), entry.featherRadius});
        m_masks.insert(entry.nodeId, entry.featherRadius);
    }
}

bool SessionStore::createFolder(const QString& root, QString* error) {
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    const QString folder = QDir(root).filePath(kFolderPrefix + stamp);
    auto lock = std::make_unique<QLockFile>(QDir(folder).filePath(kLockFile));
    lock->setStaleLockTime(0);
    if (!QDir().mkpath(folder) || !lock->tryLock(0)) {
        if (error != nullptr) {
            *error = tr("Could not create the session folder “%1”.").arg(QDir::toNativeSeparators(folder));
        }
        return false;
    }
    m_folder = folder;
    m_lock = std::move(lock);
    queueIndex(); // "not closed" from the start: a crash before the first result is recognised
    return true;
}

void SessionStore::track(const HistoryModel& model) {
    if (m_model != nullptr) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = &model;
    connect(&model, &HistoryModel::nodeAdded, this, &SessionStore::onNodeAdded);
    connect(&model, &HistoryModel::nodeRemoved, this, &SessionStore::onNodeRemoved);
    connect(&model, &HistoryModel::currentChanged, this, [this](int id) {
        m_currentId = id;
        queueIndex();
    });
    connect(&model, &QObject::destroyed, this, [this] { m_model = nullptr; });
    m_currentId = model.currentId();
    for (const HistoryNode& node : model.nodes()) {
        if (!m_nodesOnDisk.contains(node.id)) { // recovered nodes are on disk and listed already
            onNodeAdded(node.id);
        }
    }
    queueIndex();
}

void SessionStore::onNodeAdded(int id) {
    const HistoryNode* node = m_model != nullptr ? m_model->node(id) : nullptr;
    if (!isOpen() || node == nullptr) {
        return;
    }
    const QString path = QDir(m_folder).filePath(QStringLiteral("node-%1.png").arg(id));
    const QImage image = node->image;
    const QString prompt = node->prompt;
    const quint64 seed = node->seed;
    const QString tier = node->tier;
    queue([image, path, prompt, seed, tier] { return writePngAtomically(image, path, prompt, seed, tier); });
    m_nodesOnDisk.insert(id);
    m_nodes.append(withoutImage(*node));
    queueIndex(); // after the image: the index never names a file that is not there yet
}

void SessionStore::onNodeRemoved(int id) {
    if (!isOpen() || !m_nodesOnDisk.remove(id)) {
        return;
    }
    m_nodes.erase(std::remove_if(m_nodes.begin(), m_nodes.end(), [id](const HistoryNode& n) { return n.id == id; }),
                  m_nodes.end());
    queueIndex();
    const QString path = QDir(m_folder).filePath(QStringLiteral("node-%1.png").arg(id));
    queue([path] {
        QFile::remove(path);
        return QString();
    });
}

void SessionStore::saveLive(const GeneratedImage& result) {
    if (!isOpen() || result.image.isNull()) {
        return;
    }
    m_pendingLive = result;
    m_livePending = true;
    if (!m_liveWriting) {
        writeLive();
    }
}

void SessionStore::writeLive() {
    m_livePending = false;
    m_liveWriting = true;
    const QString previous = m_liveFile;
    m_live = std::exchange(m_pendingLive, GeneratedImage{});
    m_liveFile = QStringLiteral("live-%1.png").arg(++m_liveSerial); // a new name: the old one stays valid
    m_hasLive = true;
    const QDir dir(m_folder);
    const QString path = dir.filePath(m_liveFile);
    const GeneratedImage live = m_live;
    queue([live, path] { return writePngAtomically(live.image, path, live.prompt, live.seed, live.tier); });
    m_live.image = QImage(); // the index needs the metadata only
    queueIndex();
    const QString previousPath = previous.isEmpty() ? QString() : dir.filePath(previous);
    queue(
        [previousPath] {
            if (!previousPath.isEmpty()) {
                QFile::remove(previousPath);
            }
            return QString();
        },
        [this] { // the chain above is on disk: the newest result that waited meanwhile goes next
            m_liveWriting = false;
            if (m_livePending) {
                writeLive();
            }
        });
}

void SessionStore::clearLive() {
    m_livePending = false; // a result still waiting to be written is dropped too
    if (!isOpen() || !m_hasLive) {
        return;
    }
    m_hasLive = false;
    queueIndex();
    const QString path = QDir(m_folder).filePath(std::exchange(m_liveFile, QString()));
    queue([path] {
        QFile::remove(path);
        return QString();
    });
}

void SessionStore::saveMask(int nodeId, const QImage& mask, int featherRadius) {
    if (!isOpen() || nodeId <= 0) {
        return;
    }
    const QString path = QDir(m_folder).filePath(maskFileName(nodeId));
    if (mask.isNull()) {
        if (m_masks.remove(nodeId) == 0) {
            return;
        }
        queueIndex(); // first: the index never names a file that is not there
        queue([path] {
            QFile::remove(path);
            return QString();
        });
        return;
    }
    const QImage gray = mask.convertToFormat(QImage::Format_Grayscale8);
    // Replaced atomically: whether a crash comes before or after the rename, the file is a whole mask.
    queue([gray, path] { return writePngAtomically(gray, path, QString(), 0, QString()); });
    const auto known = m_masks.constFind(nodeId);
    if (known == m_masks.constEnd() || *known != featherRadius) {
        m_masks.insert(nodeId, featherRadius);
        queueIndex(); // after the image
    }
}

SessionIndex SessionStore::snapshot() const {
    SessionIndex index;
    index.closed = m_closed;
    index.currentId = m_currentId;
    for (const HistoryNode& node : m_nodes) {
        index.nodes.append({node, QStringLiteral("node-%1.png").arg(node.id)});
    }
    for (auto it = m_masks.cbegin(); it != m_masks.cend(); ++it) {
        index.masks.append({it.key(), maskFileName(it.key()), it.value()});
    }
    index.hasLive = m_hasLive;
    index.live = m_live;
    index.liveFile = m_liveFile;
    return index;
}

void SessionStore::queueIndex() {
    if (!isOpen()) {
        return;
    }
    const QByteArray json = sessionIndexToJson(snapshot());
    const QString path = QDir(m_folder).filePath(kIndexFile);
    queue([json, path] { return writeFileAtomically(json, path); });
}

void SessionStore::queue(std::function<QString()> task, std::function<void()> done) {
    ++m_pending;
    m_writer.start([this, task = std::move(task), done = std::move(done)] {
        const QString error = task();
        // Back on the GUI thread; a queued call to a deleted receiver is dropped by Qt.
        QMetaObject::invokeMethod(
            this, [this, error, done] { onWriteDone(error, done); }, Qt::QueuedConnection);
    });
}

void SessionStore::onWriteDone(const QString& error, const std::function<void()>& done) {
    --m_pending;
    if (!error.isEmpty()) {
        Q_EMIT writeFailed(tr("Could not autosave the session in “%1”: %2")
                               .arg(QDir::toNativeSeparators(m_folder), error));
    }
    if (done) {
        done();
    }
    if (m_pending == 0) {
        Q_EMIT idle();
    }
}

void SessionStore::close() {
    if (!isOpen()) {
        return;
    }
    m_closed = true;
    queueIndex();
    m_writer.waitForDone(); // shutdown: the one wait this class does
    const bool empty = m_nodes.isEmpty() && !m_hasLive;
    m_lock->unlock();
    m_lock.reset();
    if (empty) {
        QDir(m_folder).removeRecursively();
    }
}

} // namespace hb::ui
