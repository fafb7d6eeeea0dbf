#include "hyperbagel/ui/prompt_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>
#include <limits>

namespace hb::ui {
namespace {

QLabel* fieldLabel(const QString& text, QWidget* buddy, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

QString joinLines(const QString& first, const QString& second) { return first + QLatin1Char('\n') + second; }

} // namespace

PromptBar::PromptBar(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("promptBar"));
    buildUi();
    randomizeSeed();
    updateState();
}

void PromptBar::buildUi() {
    m_instruction = new QLineEdit(this);
    m_instruction->setObjectName(QStringLiteral("promptInstruction"));
    m_instruction->setPlaceholderText(tr("Describe an edit or a new image, e.g. “make the sky stormy”"));
    m_instruction->setClearButtonEnabled(true);
    m_instruction->setMinimumHeight(34);
    QFont promptFont = m_instruction->font();
    promptFont.setPointSizeF(promptFont.pointSizeF() * 1.15);
    m_instruction->setFont(promptFont);
    connect(m_instruction, &QLineEdit::textChanged, this, &PromptBar::instructionChanged);
    connect(m_instruction, &QLineEdit::returnPressed, this, [this] {
        if (m_apply->isEnabled()) {
            Q_EMIT applyRequested();
        }
    });

    m_generate = new QPushButton(tr("&Generate"), this);
    m_generate->setObjectName(QStringLiteral("generateButton"));
    m_edit = new QPushButton(tr("E&dit"), this);
    m_edit->setObjectName(QStringLiteral("editButton"));
    m_apply = new QPushButton(tr("&Apply"), this);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    for (QPushButton* button : {m_generate, m_edit, m_apply}) {
        button->setMinimumHeight(34);
        button->setMinimumWidth(90);
    }
    connect(m_generate, &QPushButton::clicked, this, &PromptBar::generateRequested);
    connect(m_edit, &QPushButton::clicked, this, &PromptBar::editRequested);
    connect(m_apply, &QPushButton::clicked, this, &PromptBar::applyRequested);

    m_live = new QCheckBox(tr("&Live"), this);
    m_live->setObjectName(QStringLiteral("liveToggle"));
    connect(m_live, &QCheckBox::toggled, this, &PromptBar::liveToggled);

    m_tier = new QComboBox(this);
    m_tier->setObjectName(QStringLiteral("tierSelector"));
    m_tier->addItem(tr("Preview · 1 step"), QStringLiteral("preview"));
    m_tier->addItem(tr("Fast · 6 steps"), QStringLiteral("fast"));
    m_tier->addItem(tr("Full · 50 steps"), QStringLiteral("full"));
    m_tier->setCurrentIndex(1);
    m_tier->setToolTip(tr("Quality tier: Preview is instant, Fast refines the same seed, Full is the "
                          "original 50-step sampler with guidance."));

    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("seedSpin"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setMinimumWidth(110);
    m_seed->setToolTip(tr("Random seed of the next result"));
    connect(m_seed, &QSpinBox::valueChanged, this, &PromptBar::seedChanged);
    m_seedLock = new QToolButton(this);
    m_seedLock->setObjectName(QStringLiteral("seedLock"));
    m_seedLock->setText(tr("Lock"));
    m_seedLock->setCheckable(true);
    m_seedLock->setToolTip(tr("Locked: every job uses this seed. Unlocked: a new seed is drawn after "
                              "each Apply (live typing keeps one seed)."));
    m_seedRandom = new QToolButton(this);
    m_seedRandom->setObjectName(QStringLiteral("seedRandom"));
    m_seedRandom->setText(tr("New"));
    m_seedRandom->setToolTip(tr("Draw a new random seed"));
    connect(m_seedRandom, &QToolButton::clicked, this, &PromptBar::randomizeSeed);

    m_aspect = new QComboBox(this);
    m_aspect->setObjectName(QStringLiteral("aspectSelector"));
    for (const char* ratio : {"1:1", "4:3", "3:4", "3:2", "2:3", "16:9", "9:16"}) {
        m_aspect->addItem(QString::fromLatin1(ratio), QString::fromLatin1(ratio));
    }
    m_aspect->setToolTip(tr("Aspect ratio of new images (used by Generate only; Edit keeps the "
                            "image's own shape)"));

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("promptHint"));
    m_hint->setWordWrap(false);
    m_hint->setEnabled(false); // greyed: a note, not a control

    auto* top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(m_instruction, 1);
    top->addWidget(m_generate);
    top->addWidget(m_edit);
    top->addWidget(m_apply);

    auto* bottom = new QHBoxLayout;
    bottom->setSpacing(6);
    bottom->addWidget(m_live);
    bottom->addSpacing(14);
    bottom->addWidget(fieldLabel(tr("&Tier:"), m_tier, this));
    bottom->addWidget(m_tier);
    bottom->addSpacing(14);
    bottom->addWidget(fieldLabel(tr("&Seed:"), m_seed, this));
    bottom->addWidget(m_seed);
    bottom->addWidget(m_seedLock);
    bottom->addWidget(m_seedRandom);
    bottom->addSpacing(14);
    bottom->addWidget(fieldLabel(tr("As&pect:"), m_aspect, this));
    bottom->addWidget(m_aspect);
    bottom->addSpacing(14);
    bottom->addWidget(m_hint, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addLayout(bottom);
}

QString PromptBar::instruction() const { return m_instruction->text(); }

void PromptBar::setInstruction(const QString& text) { m_instruction->setText(text); }

void PromptBar::focusInstruction() { m_instruction->setFocus(Qt::OtherFocusReason); }

bool PromptBar::isLive() const { return m_live->isChecked(); }

void PromptBar::setLive(bool live) {
    if (m_live->isEnabled() || !live) {
        m_live->setChecked(live);
    }
}

QString PromptBar::tier() const { return m_tier->currentData().toString(); }

void PromptBar::setAvailableTiers(const QStringList& tiers) {
    auto* items = qobject_cast<QStandardItemModel*>(m_tier->model());
    if (items == nullptr) {
        return;
    }
    int best = -1;
    for (int row = 0; row < m_tier->count(); ++row) {
        const bool available = tiers.isEmpty() || tiers.contains(m_tier->itemData(row).toString());
        items->item(row)->setEnabled(available);
        if (available && (best < 0 || m_tier->itemData(row).toString() == QStringLiteral("fast"))) {
            best = row;
        }
    }
    if (best >= 0 && !items->item(m_tier->currentIndex())->isEnabled()) {
        m_tier->setCurrentIndex(best);
    }
}

int PromptBar::seed() const { return m_seed->value(); }

bool PromptBar::isSeedLocked() const { return m_seedLock->isChecked(); }

QString PromptBar::aspectRatio() const { return m_aspect->currentData().toString(); }

void PromptBar::setModelLoaded(bool loaded) {
    m_modelLoaded = loaded;
    updateState();
}

void PromptBar::setHasImage(bool hasImage) {
    m_hasImage = hasImage;
    updateState();
}

void PromptBar::setHasResult(bool hasResult) {
    m_hasResult = hasResult;
    updateState();
}

void PromptBar::randomizeSeed() {
    m_seed->setValue(static_cast<int>(QRandomGenerator::global()->bounded(std::numeric_limits<int>::max())));
}

void PromptBar::updateState() {
    const QString needModel = tr("A model must be loaded first (Model ▸ Model Manager…).");

    const QString generateWhat = tr("Create a new image from the instruction.");
    m_generate->setEnabled(m_modelLoaded);
    m_generate->setToolTip(m_modelLoaded ? generateWhat : joinLines(generateWhat, needModel));

    const QString editWhat = tr("Apply the instruction to the current image.");
    m_edit->setEnabled(m_modelLoaded && m_hasImage);
    if (!m_modelLoaded) {
        m_edit->setToolTip(joinLines(editWhat, needModel));
    } else if (!m_hasImage) {
        m_edit->setToolTip(joinLines(editWhat, tr("Open or generate an image first.")));
    } else {
        m_edit->setToolTip(editWhat);
    }

    const QString applyWhat = tr("Keep the shown result in the history (Enter).");
    m_apply->setEnabled(m_modelLoaded && m_hasResult);
    if (!m_modelLoaded) {
        m_apply->setToolTip(joinLines(applyWhat, needModel));
    } else if (!m_hasResult) {
        m_apply->setToolTip(joinLines(applyWhat, tr("There is no new result to apply yet.")));
    } else {
        m_apply->setToolTip(applyWhat);
    }

    const QString liveWhat = tr("Live: show a preview while you type, then refine it when you pause.");
    m_live->setEnabled(m_modelLoaded);
    m_live->setToolTip(m_modelLoaded ? liveWhat : joinLines(liveWhat, needModel));

    m_hint->setText(m_modelLoaded ? QString() : tr("No model loaded"));
    m_hint->setToolTip(m_modelLoaded ? QString() : needModel);
}

} // namespace hb::ui
