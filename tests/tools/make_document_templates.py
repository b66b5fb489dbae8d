#!/usr/bin/env python3
"""Writes the example site's four document templates (kind «образец») as small DOCX files.

Run once from the repository root: python3 tests/tools/make_document_templates.py
The files are committed; tests/example_site.rs reads them back (valid ZIP, the parts Word and
LibreOffice need, CRCs, the text). Entries are stored uncompressed with a fixed timestamp, so
the script writes the same bytes every time.
"""

import os
import zipfile
from xml.sax.saxutils import escape

STAMP = (2024, 1, 15, 9, 0, 0)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
"""

DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>
<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>
<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>
</w:tblBorders></w:tblPr></w:style>
</w:styles>
"""


def core(title):
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{escape(title)}</dc:title>
<dc:creator>Методический отдел МБУ ДО «ЦДО»</dc:creator>
<dc:language>ru-RU</dc:language>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-15T09:00:00Z</dcterms:created>
</cp:coreProperties>
"""


def para(text, align=None, bold=False, indent=True):
    """One paragraph; `text` may be empty (a blank line)."""
    ppr = []
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    elif indent:
        ppr.append('<w:ind w:firstLine="709"/><w:jc w:val="both"/>')
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{run}</w:p>"


def table(rows):
    """A bordered table; the first row is the header."""
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr>']
    for i, row in enumerate(rows):
        out.append("<w:tr>")
        for cell in row:
            out.append(f"<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>{para(cell, align='left', bold=i == 0)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document(body):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
        "</w:body></w:document>\n"
    )


def write_docx(path, title, body):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", core(title)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document(body)),
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))


ORG = "[полное наименование образовательной организации]"


def polozhenie():
    P = para
    return [
        P("УТВЕРЖДЕНО", align="right"),
        P("приказом директора " + ORG, align="right"),
        P("от «___» __________ 20___ г. № _____", align="right"),
        P(""),
        P("ПОЛОЖЕНИЕ", align="center", bold=True),
        P("о системе наставничества педагогических работников", align="center", bold=True),
        P("в " + ORG, align="center", bold=True),
        P(""),
        P("1. Общие положения", align="center", bold=True),
        P("1.1. Настоящее Положение разработано в соответствии с Федеральным законом от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации», распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145, письмом Министерства просвещения Российской Федерации от 23.01.2020 № МР-42/02, приказом Департамента Смоленской области по образованию и науке от 15.03.2022 № 235-ОД «Об утверждении Положения о системе наставничества педагогических работников образовательных организаций Смоленской области», приказом Управления образования и молодежной политики Администрации города Смоленска от 26.12.2022 № 633 и уставом образовательной организации."),
        P("1.2. Положение определяет цели, задачи, формы и порядок осуществления наставничества педагогических работников в образовательной организации (далее – ОО), права и обязанности участников наставничества."),
        P("1.3. Наставничество – форма обеспечения профессионального становления, развития и адаптации к квалифицированному исполнению должностных обязанностей лиц, в отношении которых осуществляется наставничество."),
        P("1.4. Участниками системы наставничества в ОО являются: наставник; наставляемый; куратор реализации программ наставничества; руководитель ОО; методическое объединение (совет) ОО."),
        P("2. Цель и задачи наставничества", align="center", bold=True),
        P("2.1. Цель наставничества – создание условий для непрерывного профессионального роста педагогических работников, самореализации и закрепления в профессии молодых и начинающих педагогов."),
        P("2.2. Задачи наставничества:"),
        P("– содействовать адаптации молодых и вновь принятых педагогов к условиям работы в ОО;"),
        P("– оказывать методическую помощь в освоении образовательных технологий, планировании уроков и занятий, оценивании результатов обучающихся;"),
        P("– формировать банк наставников и наставляемых, персонализированные программы наставничества;"),
        P("– распространять и обобщать лучшие практики наставничества в ОО и в городе."),
        P("3. Организация наставничества", align="center", bold=True),
        P("3.1. Наставничество устанавливается приказом руководителя ОО с письменного согласия наставника и наставляемого на срок от трёх месяцев до одного года."),
        P("3.2. Наставник одновременно сопровождает не более двух наставляемых."),
        P("3.3. В ОО применяются формы наставничества «опытный педагог – молодой специалист», «учитель – учитель», «руководитель – педагог», в индивидуальном и групповом виде."),
        P("3.4. Наставник и наставляемый составляют персонализированную программу наставничества, которую утверждает руководитель ОО по представлению куратора."),
        P("3.5. Куратор реализации программ наставничества назначается приказом руководителя ОО из числа его заместителей или руководителей методических объединений, ведёт банк наставников и наставляемых и отвечает за мониторинг."),
        P("4. Права и обязанности наставника", align="center", bold=True),
        P("4.1. Наставник обязан: помогать наставляемому в освоении должностных обязанностей; посещать его уроки (занятия) и обсуждать их; не реже одного раза в месяц проводить встречи по плану программы; подводить итоги наставничества."),
        P("4.2. Наставник вправе: привлекать других специалистов для помощи наставляемому; участвовать в обсуждении вопросов наставничества на методическом совете; вносить предложения о поощрении наставляемого."),
        P("5. Права и обязанности наставляемого", align="center", bold=True),
        P("5.1. Наставляемый обязан: выполнять мероприятия программы наставничества в установленные сроки; посещать занятия и встречи с наставником; отчитываться о выполнении программы."),
        P("5.2. Наставляемый вправе: обращаться к наставнику за помощью по вопросам профессиональной деятельности; участвовать в оценке эффективности наставничества."),
        P("6. Мониторинг и оценка результатов", align="center", bold=True),
        P("6.1. Мониторинг проводится куратором два раза в год (декабрь, май) с помощью анкетирования наставников и наставляемых."),
        P("6.2. Итоги наставничества рассматриваются на педагогическом совете ОО и размещаются в разделе «Наставничество» сайта ОО."),
        P("7. Заключительные положения", align="center", bold=True),
        P("7.1. Положение вступает в силу со дня утверждения и действует до принятия нового."),
        P("7.2. Изменения в Положение вносятся приказом руководителя ОО с учётом мнения педагогического совета."),
    ]


def prikaz():
    P = para
    return [
        P(ORG, align="center", bold=True),
        P(""),
        P("ПРИКАЗ", align="center", bold=True),
        P("от «___» __________ 20___ г.                                                  № _____", align="left"),
        P(""),
        P("О закреплении наставнических пар (групп)", align="left", bold=True),
        P(""),
        P("В соответствии с Положением о системе наставничества педагогических работников в " + ORG + ", утверждённым приказом от «___» __________ 20___ г. № _____, на основании письменных согласий наставников и наставляемых"),
        P("ПРИКАЗЫВАЮ:", align="left", bold=True),
        P("1. Закрепить наставнические пары (группы) на период с «___» __________ 20___ г. по «___» __________ 20___ г. согласно приложению."),
        P("2. Наставникам совместно с наставляемыми в срок до «___» __________ 20___ г. разработать персонализированные программы наставничества и представить их куратору."),
        P("3. Куратору реализации программ наставничества ______________________ (Ф.И.О.) обеспечить методическое сопровождение наставнических пар (групп), провести мониторинг в декабре и мае."),
        P("4. Контроль за исполнением приказа оставляю за собой."),
        P(""),
        P("Директор                    ______________ / ______________________ /", align="left"),
        P(""),
        P("С приказом ознакомлены:", align="left"),
        P("______________ / ______________________ /  «___» __________ 20___ г.", align="left"),
        P(""),
        P("Приложение к приказу от «___» __________ 20___ г. № _____", align="right"),
        P("Наставнические пары (группы)", align="center", bold=True),
        table([
            ["№", "Наставник (Ф.И.О., должность)", "Наставляемый (Ф.И.О., должность)", "Форма наставничества", "Срок"],
            ["1", "", "", "опытный педагог – молодой специалист", ""],
            ["2", "", "", "учитель – учитель", ""],
            ["3", "", "", "", ""],
        ]),
    ]


def soglasie():
    P = para
    return [
        P("Руководителю " + ORG, align="right"),
        P(""),
        P("СОГЛАСИЕ", align="center", bold=True),
        P("на обработку персональных данных участника программы наставничества", align="center", bold=True),
        P(""),
        P("Я, _______________________________________________________________ (фамилия, имя, отчество),"),
        P("паспорт серия ______ № __________, выдан ______________________________________________,"),
        P("зарегистрированный(ая) по адресу: _________________________________________________,"),
        P("в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» даю согласие " + ORG + " (далее – оператор), расположенному по адресу: ______________________________, на обработку моих персональных данных: фамилия, имя, отчество; должность и преподаваемый предмет; стаж педагогической работы; квалификационная категория; контактный телефон и адрес электронной почты; сведения об участии в программе наставничества и её результатах."),
        P("Цель обработки: формирование банка наставников и наставляемых, организация и сопровождение программы наставничества, подготовка отчётов о её реализации."),
        P("Перечень действий: сбор, запись, систематизация, накопление, хранение, уточнение, использование, передача в Управление образования и молодежной политики Администрации города Смоленска и методический отдел МБУ ДО «ЦДО» для отчётности (в обезличенном виде), удаление и уничтожение. Обработка ведётся с использованием средств автоматизации и без них."),
        P("Согласие на распространение (размещение на сайте оператора и на сайте методического отдела) моих фамилии, имени, отчества и должности как участника программы наставничества:"),
        P("☐ даю          ☐ не даю", align="left"),
        P("Согласие действует до окончания программы наставничества и одного года после неё и может быть отозвано мною письменным заявлением оператору."),
        P(""),
        P("«___» __________ 20___ г.          ______________ / ______________________ /", align="left"),
        P("                                                 (подпись)               (расшифровка)", align="left"),
    ]


def anketa():
    P = para
    box = "☐"
    return [
        P("АНКЕТА", align="center", bold=True),
        P("для педагогов, желающих стать наставниками", align="center", bold=True),
        P(""),
        P("Уважаемый коллега! Ответы на вопросы анкеты помогут подобрать наставнические пары и составить программы наставничества. Анкета заполняется добровольно."),
        P("1. Фамилия, имя, отчество: ____________________________________________", align="left"),
        P("2. Должность, преподаваемый предмет: ___________________________________", align="left"),
        P(f"3. Педагогический стаж: {box} до 3 лет   {box} 3–10 лет   {box} 10–20 лет   {box} более 20 лет", align="left"),
        P(f"4. Квалификационная категория: {box} высшая   {box} первая   {box} соответствие занимаемой должности   {box} нет", align="left"),
        P(f"5. Был ли у вас опыт наставничества? {box} да   {box} нет", align="left"),
        P("6. В каких вопросах вы готовы помогать молодым коллегам (отметьте все подходящие):", align="left"),
        P(f"{box} планирование уроков и занятий   {box} классное руководство   {box} работа с родителями", align="left"),
        P(f"{box} оценивание результатов обучающихся   {box} цифровые инструменты   {box} подготовка к аттестации", align="left"),
        P(f"{box} другое: ____________________________________________", align="left"),
        P(f"7. Какой вид наставничества вам ближе? {box} индивидуальное   {box} групповое   {box} виртуальное", align="left"),
        P("8. Сколько времени в неделю вы готовы уделять наставнической работе? ______________", align="left"),
        P("9. Ваши пожелания к организации наставничества в школе: ________________________", align="left"),
        P("_______________________________________________________________________", align="left"),
        P(""),
        P("Спасибо за участие!", align="center"),
    ]


TEMPLATES = [
    ("obrazets-polozhenie-o-nastavnichestve", "polozhenie-o-nastavnichestve.docx",
     "Положение о системе наставничества педагогических работников в образовательной организации", polozhenie),
    ("obrazets-prikaz-o-zakreplenii-par", "prikaz-o-zakreplenii-nastavnicheskih-par.docx",
     "Приказ о закреплении наставнических пар (групп)", prikaz),
    ("obrazets-soglasie-na-obrabotku-personalnyh-dannyh", "soglasie-na-obrabotku-personalnyh-dannyh.docx",
     "Согласие на обработку персональных данных участника программы наставничества", soglasie),
    ("obrazets-anketa-nastavnika", "anketa-nastavnika.docx",
     "Анкета для педагогов, желающих стать наставниками", anketa),
]


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    for folder, file_name, title, body in TEMPLATES:
        path = os.path.join(root, "content", "orders", folder, file_name)
        write_docx(path, title, body())
        print(os.path.relpath(path, root), os.path.getsize(path))


if __name__ == "__main__":
    main()
