#include "hyperbagel/ui/history_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "hyperbagel/ui/history_model.h"

namespace hb::ui {
namespace {

constexpr int kIdRole = Qt::UserRole + 1;

// A square thumbnail with the image centred, so the strip stays aligned whatever the aspect ratio.
QPixmap thumbnail(const QImage& image, int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    if (image.isNull()) {
        return pixmap;
    }
    const QImage scaled = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPainter painter(&pixmap);
    painter.drawImage((size - scaled.width()) / 2, (size - scaled.height()) / 2, scaled);
    return pixmap;
}

} // namespace

HistoryPanel::HistoryPanel(HistoryModel* model, QWidget* parent)
    : QWidget(parent), m_model(model != nullptr ? model : new HistoryModel(this)) {
    setObjectName(QStringLiteral("historyPanel"));

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search prompts"));
    m_search->setClearButtonEnabled(true);
    m_search->setFixedWidth(220);
    connect(m_search, &QLineEdit::textChanged, this, &HistoryPanel::applyFilter);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("historyCount"));
    m_count->setEnabled(false);

    m_strip = new QListWidget(this);
    m_strip->setObjectName(QStringLiteral("historyStrip"));
    m_strip->setViewMode(QListView::IconMode);
    m_strip->setFlow(QListView::LeftToRight);
    m_strip->setWrapping(false);
    m_strip->setMovement(QListView::Static);
    m_strip->setResizeMode(QListView::Adjust);
    m_strip->setUniformItemSizes(true);
    m_strip->setIconSize(QSize(kThumbnailSize, kThumbnailSize));
    m_strip->setSpacing(4);
    // Tall enough for one row of thumbnails with captions plus the horizontal scroll bar.
    m_strip->setMinimumHeight(kThumbnailSize + 64);
    m_strip->setTextElideMode(Qt::ElideRight);
    m_strip->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_strip->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_strip, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const int id = item->data(kIdRole).toInt();
        if (id != m_model->currentId()) {
            Q_EMIT entryActivated(id);
        }
    });

    m_empty =
        new QLabel(tr("Images you open and results you apply appear here. Click one to return to it."), this);
    m_empty->setObjectName(QStringLiteral("historyEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_strip);

    // Search on the left, the strip beside it: the dock stays one thumbnail row tall.
    auto* side = new QVBoxLayout;
    side->setSpacing(4);
    side->addWidget(m_search);
    side->addWidget(m_count);
    side->addStretch(1);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 6);
    layout->setSpacing(8);
    layout->addLayout(side);
    layout->addWidget(m_stack, 1);

    connect(m_model, &HistoryModel::nodeAdded, this, &HistoryPanel::addItem);
    connect(m_model, &HistoryModel::nodeRemoved, this, &HistoryPanel::removeItem);
    connect(m_model, &HistoryModel::currentChanged, this, &HistoryPanel::selectCurrent);
    for (const HistoryNode& node : m_model->nodes()) {
        addItem(node.id);
    }
    selectCurrent();
    applyFilter();
}

void HistoryPanel::addItem(int id) {
    const HistoryNode* node = m_model->node(id);
    if (node == nullptr) {
        return;
    }
    // A node whose parent is not the node just before it starts a branch from an earlier node.
    const int previous = m_strip->count() > 0 ? idAt(m_strip->count() - 1) : 0;
    const bool branch = node->parentId != 0 && node->parentId != previous;
    const QString caption = branch ? QStringLiteral("\u21b3 ") + node->title : node->title;
    QStringList tip{node->title};
    if (!node->describe().isEmpty()) {
        tip << node->describe();
    }
    if (const HistoryNode* parent = m_model->node(node->parentId)) {
        tip << tr("Edited from “%1”").arg(parent->title);
    }
    auto* item = new QListWidgetItem(QIcon(thumbnail(node->image, kThumbnailSize)), caption);
    item->setData(kIdRole, id);
    item->setToolTip(tip.join(QLatin1Char('\n')));
    item->setSizeHint(QSize(kThumbnailSize + 40, kThumbnailSize + 30));
    m_strip->addItem(item);
    selectCurrent();
    applyFilter();
}

void HistoryPanel::removeItem(int id) {
    delete itemFor(id);
    applyFilter();
}

void HistoryPanel::selectCurrent() {
    QListWidgetItem* item = itemFor(m_model->currentId());
    const QSignalBlocker blocker(m_strip);
    m_strip->setCurrentItem(item);
    if (item != nullptr) {
        m_strip->scrollToItem(item);
    }
}

int HistoryPanel::idAt(int row) const {
    const QListWidgetItem* item = m_strip->item(row);
    return item != nullptr ? item->data(kIdRole).toInt() : 0;
}

QListWidgetItem* HistoryPanel::itemFor(int id) const {
    for (int row = 0; row < m_strip->count(); ++row) {
        QListWidgetItem* item = m_strip->item(row);
        if (item->data(kIdRole).toInt() == id) {
            return item;
        }
    }
    return nullptr;
}

QImage HistoryPanel::entryImage(int id) const {
    const HistoryNode* node = m_model->node(id);
    return node != nullptr ? node->image : QImage();
}

int HistoryPanel::entryCount() const { return m_strip->count(); }

int HistoryPanel::visibleEntryCount() const {
    int visible = 0;
    for (int row = 0; row < m_strip->count(); ++row) {
        visible += m_strip->item(row)->isHidden() ? 0 : 1;
    }
    return visible;
}

QString HistoryPanel::searchText() const { return m_search->text(); }

void HistoryPanel::setSearchText(const QString& text) { m_search->setText(text); }

void HistoryPanel::applyFilter() {
    const QString needle = m_search->text().trimmed();
    const QList<int> matches = m_model->search(needle);
    for (int row = 0; row < m_strip->count(); ++row) {
        QListWidgetItem* item = m_strip->item(row);
        item->setHidden(!matches.contains(item->data(kIdRole).toInt()));
    }
    const int total = entryCount();
    m_stack->setCurrentWidget(total == 0 ? static_cast<QWidget*>(m_empty) : m_strip);
    m_search->setEnabled(total > 0);
    if (total == 0) {
        m_count->clear();
    } else if (needle.isEmpty()) {
        m_count->setText(tr("Items: %1").arg(total));
    } else {
        m_count->setText(tr("Showing %1 of %2").arg(visibleEntryCount()).arg(total));
    }
}

} // namespace hb::ui
