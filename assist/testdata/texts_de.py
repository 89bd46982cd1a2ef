"""Hand-written German statements for the assistant's test set (make_statements.py builds
statements_de.jsonl from them). A regional plan with a wind-energy chapter, traffic and
settlement areas, in the words citizens and campaign letters use.

CAMPAIGNS: the campaign's base letter (paragraphs) and the concern it raises.
CONCERNS: the same concern in different words, written independently of any campaign.
UNRELATED: statements that share neither a campaign nor a concern with another one.
"""

CAMPAIGNS = {
    "hoher_berg": {
        "concern": "wind_abstand",
        "paragraphs": [
            "Hiermit erhebe ich Einwendungen gegen das geplante Vorranggebiet für Windenergie "
            "WE-17 am Hohen Berg oberhalb von Lindenfels-Kolmbach.",
            "Die vorgesehenen Anlagen mit einer Gesamthöhe von über 250 Metern würden nur "
            "etwa 800 Meter von der nächsten Wohnbebauung entfernt stehen. Das ist für die "
            "Bewohnerinnen und Bewohner von Kolmbach nicht zumutbar. Schattenwurf, "
            "Lärm in der Nacht und die ständige Beleuchtung der Anlagen würden die "
            "Lebensqualität im Ort erheblich beeinträchtigen.",
            "Ich fordere daher, den Mindestabstand zur Wohnbebauung auf mindestens 1.000 Meter "
            "zu erhöhen und das Gebiet WE-17 aus dem Regionalplan zu streichen.",
        ],
    },
    "auwald": {
        "concern": "umgehung_auwald",
        "paragraphs": [
            "Ich wende mich gegen die im Entwurf dargestellte Trasse der Ortsumgehung "
            "Biebesheim im Zuge der B 44.",
            "Die geplante Trasse führt mitten durch den Auwald am Altrhein, eines der "
            "letzten naturnahen Feuchtgebiete im Ried. Dort leben Eisvogel, Pirol und "
            "zahlreiche Amphibienarten. Eine vierspurige Straße würde diesen Lebensraum "
            "zerschneiden und dauerhaft zerstören.",
            "Statt einer neuen Straße brauchen wir eine bessere Busanbindung und eine "
            "Reaktivierung der Bahnstrecke. Bitte nehmen Sie die Trasse aus dem Plan und "
            "prüfen Sie die Alternativen ernsthaft.",
        ],
    },
    "muehlfeld": {
        "concern": "flaechenverbrauch",
        "paragraphs": [
            'Gegen die Ausweisung des Vorranggebiets Industrie und Gewerbe "Am Mühlfeld" '
            "in Groß-Umstadt erhebe ich Einspruch.",
            "Auf den 42 Hektar wachsen heute Weizen, Zuckerrüben und Raps. Es handelt sich um "
            "Lössböden der höchsten Bodenwertzahl, die in der Region unwiederbringlich sind. "
            "Einmal versiegelt, ist diese Fläche für die Landwirtschaft für immer verloren.",
            "Es gibt im Kreis genügend leerstehende Gewerbeflächen und Brachen, die zuerst "
            "genutzt werden müssen. Innenentwicklung muss Vorrang vor der Versiegelung "
            "von Ackerland haben.",
        ],
    },
    "trinkwasser_forst": {
        "concern": "wind_trinkwasser",
        "paragraphs": [
            "Das Vorranggebiet WE-23 im Lorscher Wald liegt teilweise in der Schutzzone II "
            "des Wasserschutzgebiets der Wassergewinnungsanlage Jägersburg.",
            "Für die Fundamente der Windräder müssten tausende Kubikmeter Beton in den Boden "
            "eingebracht werden, dazu kommen Zufahrtswege für Schwerlasttransporte und "
            "Kranstellflächen. Bei Bau und Betrieb besteht die Gefahr, dass Öl, Schmierstoffe "
            "oder Löschwasser ins Grundwasser gelangen.",
            "Aus dem Wasserwerk Jägersburg werden über 200.000 Menschen mit Trinkwasser "
            "versorgt. Dieses Risiko darf nicht eingegangen werden. Ich bitte darum, WE-23 "
            "vollständig zu streichen.",
        ],
    },
    "bahnlaerm": {
        "concern": "bahnlaerm",
        "paragraphs": [
            "Als Anwohnerin bzw. Anwohner der Riedbahn nehme ich zum Kapitel Schienenverkehr "
            "des Regionalplans Stellung.",
            "Schon heute fahren nachts bis zu 60 Güterzüge an unseren Häusern vorbei. Die "
            "Lärmwerte liegen regelmäßig über 70 Dezibel, an erholsamen Schlaf ist bei "
            "geöffnetem Fenster nicht zu denken. Mit dem geplanten Ausbau wird sich der "
            "Güterverkehr noch einmal verdoppeln.",
            "Der Regionalplan muss verbindlich festlegen, dass vor jeder Kapazitätserweiterung "
            "ein wirksamer Lärmschutz mit Lärmschutzwänden und Schienenstegdämpfern gebaut "
            "wird.",
        ],
    },
    "pro_wind": {
        "concern": "wind_mehr",
        "paragraphs": [
            "Ich unterstütze ausdrücklich den Ausbau der Windenergie in Südhessen und "
            "möchte, dass der Regionalplan dafür ausreichend Flächen bereitstellt.",
            "Die Klimakrise lässt uns keine Zeit mehr. Jede Windenergieanlage ersetzt "
            "fossile Energie und macht uns unabhängiger von Gas- und Ölimporten. Die "
            "Gemeinden profitieren zudem von Pachteinnahmen und der Beteiligung an den "
            "Erträgen.",
            "Die im Entwurf vorgesehenen 1,8 Prozent der Regionsfläche sind das gesetzliche "
            "Minimum. Bitte weisen Sie mindestens 2,2 Prozent aus und verzichten Sie auf "
            "pauschale Abstände, die über das Gesetz hinausgehen.",
        ],
    },
    "radschnellweg": {
        "concern": "radwege",
        "paragraphs": [
            "Ich begrüße, dass der Regionalplan den Radschnellweg zwischen Darmstadt und "
            "Frankfurt als Vorhaben darstellt.",
            "Viele Pendlerinnen und Pendler würden gern mit dem Rad zur Arbeit fahren, "
            "scheitern aber an Lücken im Netz, gefährlichen Kreuzungen und fehlender "
            "Beleuchtung. Ein durchgehender, vier Meter breiter Radschnellweg mit Vorrang "
            "an den Knotenpunkten würde das ändern.",
            "Ich bitte darum, auch die Verlängerung nach Süden bis Heppenheim in den Plan "
            "aufzunehmen und die Trasse verbindlich zu sichern.",
        ],
    },
    "kaltluft": {
        "concern": "stadtklima",
        "paragraphs": [
            'Ich erhebe Einwände gegen das Vorranggebiet Siedlung "Nördlich der Eberstädter '
            'Straße" in Darmstadt.',
            "Die Fläche ist Teil einer Kaltluftschneise, durch die in Sommernächten kühle "
            "Luft aus dem Odenwald in die Innenstadt strömt. Das Klimagutachten der Stadt "
            "bezeichnet diese Schneise als unverzichtbar. Eine Bebauung würde die Hitze in "
            "den angrenzenden Stadtteilen spürbar erhöhen.",
            "Gerade ältere Menschen und kleine Kinder leiden unter tropischen Nächten. Bitte "
            "halten Sie die Schneise frei und stellen Sie die Fläche als regionalen "
            "Grünzug dar.",
        ],
    },
}

# Salutations, closings and names a campaign letter's senders add around the same text.
SALUTATIONS = [
    "Sehr geehrte Damen und Herren,",
    "Sehr geehrte Damen und Herren,",
    "Sehr geehrter Herr Regionalplaner,",
    "Sehr geehrte Frau Dr. Hartmann,",
    "Liebe Mitarbeiterinnen und Mitarbeiter des Regierungspräsidiums,",
    "Hallo,",
    "Guten Tag,",
    "",
]
CLOSINGS = [
    "Mit freundlichen Grüßen",
    "Mit freundlichen Grüssen",
    "Freundliche Grüße",
    "Viele Grüße",
    "Beste Grüße",
    "Hochachtungsvoll",
    "MfG",
]
NAMES = [
    "Anna Becker",
    "Jürgen Schäfer",
    "Fatma Yılmaz",
    "Klaus-Dieter Wagner",
    "Sabine Hoffmann",
    "Dr. Thomas Weber",
    "Marie Lehmann",
    "Stefan und Petra Krüger",
    "Olga Nowak",
    "Familie Schmitt",
    "Heinz Richter",
    "Lena Zimmermann",
    "Mehmet Demir",
    "Ursula Braun",
    "Jonas Keller",
    "Gisela Hartung",
    "Paul Neumann",
    "Ingrid Vogel",
    "Tobias Franke",
    "Elif Kaya",
    "Helga Schulze",
    "Markus Lang",
    "Renate Fuchs",
    "Sven Albrecht",
]
# Sentences a sender puts into the campaign text in their own words.
INSERTIONS = [
    "Ich wohne seit über dreißig Jahren hier und habe die Entwicklung genau verfolgt.",
    "Meine Familie lebt seit drei Generationen in diesem Ort.",
    "Ich bin Mutter von zwei kleinen Kindern und mache mir große Sorgen.",
    "Das sehe ich als Landwirt jeden Tag mit eigenen Augen.",
    "Bei der Informationsveranstaltung im Bürgerhaus wurden unsere Fragen nicht beantwortet.",
    "Ich bitte Sie, diese Stellungnahme ernst zu nehmen und nicht einfach abzuheften.",
    "Viele meiner Nachbarn denken genauso, haben aber keinen Internetzugang.",
    "Als Rentnerin habe ich Zeit, mich mit den Planunterlagen zu befassen, und bin entsetzt.",
    "Ich engagiere mich ehrenamtlich im örtlichen Naturschutzverein.",
    "Bitte bestätigen Sie mir den Eingang dieses Schreibens.",
    "Wir sind erst vor zwei Jahren hierher gezogen, gerade wegen der Ruhe und der Natur.",
    "Ich arbeite im Schichtdienst und bin auf Ruhe am Tag angewiesen.",
    "Leider war die Karte im Beteiligungsportal auf meinem Tablet kaum lesbar.",
    "Auch mein Gemeinderat hat sich bereits in diesem Sinne geäußert.",
    "Ich hoffe, dass die Abwägung diesmal wirklich ergebnisoffen erfolgt.",
    "Die Planunterlagen habe ich im Rathaus eingesehen.",
]

CONCERNS = {
    "wind_abstand": [
        "Die Windräder kommen viel zu dicht an unsere Häuser. Wer nachts das Rauschen und "
        "das rote Blinken direkt vor dem Schlafzimmerfenster hat, findet keine Ruhe mehr.",
        "Ich halte den Abstand der geplanten Windkraftanlagen zu den Wohngebieten für "
        "unzureichend. Bayern hat aus gutem Grund die 10-H-Regel eingeführt.",
        "Wir leben am Ortsrand und würden künftig auf drei riesige Rotoren blicken. Der "
        "bewegte Schatten am Nachmittag und das Dröhnen bei Westwind sind eine Zumutung.",
        "Windenergie ja, aber bitte nicht direkt neben den Dörfern. Ein Kilometer Abstand "
        "zur Wohnbebauung muss das Minimum sein.",
        "Infraschall und Dauerlärm der Rotoren machen krank. Ich bitte, die Flächen so "
        "zuzuschneiden, dass die Anlagen weit genug von bewohnten Gebieten entfernt sind.",
        "Nach dem Plan stünde die nächste Turbine 700 m von meinem Grundstück. Schattenwurf "
        "und Geräusche würden unser Leben dort massiv verändern.",
        "Ich fordere größere Pufferzonen zwischen Windparks und Siedlungen, damit die "
        "Menschen nicht durch Lärm und Lichtreflexe belastet werden.",
        "Die Nähe der vorgesehenen Windkraftstandorte zu unserer Siedlung macht mir Angst. "
        "Schon die Anlagen im Nachbarkreis hört man bei ungünstigem Wind bis ins Wohnzimmer.",
    ],
    "wind_artenschutz": [
        "Im Bereich des geplanten Windparks brüten Rotmilan und Schwarzstorch. Die Rotoren "
        "würden für diese geschützten Vögel zur tödlichen Falle.",
        "Ich habe am Waldrand regelmäßig Fledermäuse beobachtet, darunter den Großen "
        "Abendsegler. Windkraftanlagen töten jedes Jahr tausende dieser Tiere.",
        "Das Artenschutzgutachten ist lückenhaft: Die Horste der Greifvögel wurden nur an "
        "zwei Tagen im März kartiert. Bitte lassen Sie die Vogelwelt gründlich untersuchen.",
        "Der Kamm ist ein Zugkorridor für Kraniche. Im Herbst ziehen hier tausende Vögel "
        "durch, die mit den Anlagen kollidieren könnten.",
        "Wir verlieren mit dem Windpark ein Jagdrevier für den Uhu und Lebensraum für die "
        "Wildkatze. Der Schutz der Tiere muss Vorrang haben.",
        "Zum Schutz der Greifvögel und Fledermäuse sollte das Gebiet verkleinert und der "
        "Betrieb der Anlagen nachts abgeschaltet werden.",
        "Ich bitte Sie, die Brutplätze des Rotmilans am Steinbuckel bei der Abgrenzung der "
        "Windvorrangfläche zu berücksichtigen.",
        "Windräder im Wald zerstören Lebensräume seltener Arten. Spechte, Eulen und "
        "Fledermäuse brauchen alte Bäume und keine Schneisen für Zufahrten.",
    ],
    "landschaftsbild": [
        "Der Blick vom Felsberg über die Bergstraße gehört zu den schönsten in Hessen. "
        "Mit Windrädern auf jedem Hügel wäre diese Landschaft verschandelt.",
        "Der Odenwald lebt vom Tourismus. Wanderer kommen wegen der unberührten Höhenzüge, "
        "nicht um zwischen Industrieanlagen spazieren zu gehen.",
        "Die Kulturlandschaft rund um das Kloster Lorsch ist Welterbe. Eine Kette von "
        "Windkraftanlagen am Horizont würde dieses Bild zerstören.",
        "Ich bitte darum, die Sichtachsen auf die Burgen entlang der Bergstraße von "
        "Windenergieanlagen freizuhalten.",
        "Unsere Heimat verliert ihr Gesicht, wenn die Kuppen des Odenwalds mit "
        "250 Meter hohen Masten bebaut werden.",
        "Das Landschaftsbild wird in der Planung viel zu gering gewichtet. Die Hügel sind "
        "Erholungsraum für die ganze Rhein-Main-Region.",
    ],
    "durchgangsverkehr": [
        "Durch unsere Hauptstraße in Gernsheim quälen sich täglich über 15.000 Fahrzeuge, "
        "darunter viele Lastwagen. Wir brauchen endlich eine Umgehungsstraße.",
        "Der Schwerlastverkehr donnert mitten durch den Ortskern. Kinder können kaum sicher "
        "zur Schule gehen, die Häuser haben Risse vom ständigen Rütteln.",
        "Bitte nehmen Sie die lange versprochene Ortsumfahrung für Wald-Michelbach in den "
        "Regionalplan auf. Der Durchgangsverkehr ist unerträglich geworden.",
        "Seit die Autobahnbaustelle besteht, nutzen Navigationsgeräte unser Dorf als "
        "Abkürzung. Morgens stehen die Autos bis zum Friedhof im Stau.",
        "Abgase und Lärm der vielen Lkw an der Ortsdurchfahrt sind eine Belastung für die "
        "Gesundheit der Anwohner. Eine Entlastungsstraße ist dringend notwendig.",
        "Wir Anwohner der Darmstädter Straße fordern eine Lösung für den Lkw-Verkehr, "
        "etwa eine Umgehung oder ein Durchfahrtsverbot für Laster über 7,5 Tonnen.",
        "Die Ortsdurchfahrt ist eng, es gibt kaum Gehwege, und trotzdem rollt hier der "
        "ganze Pendlerverkehr aus dem Odenwald Richtung Autobahn.",
        "Unser Dorf erstickt im Verkehr. Ohne eine Umgehung sterben die Geschäfte im "
        "Ortskern, weil niemand mehr an der lauten Straße einkaufen will.",
    ],
    "oepnv": [
        "Von unserem Ortsteil fährt am Wochenende nur alle zwei Stunden ein Bus. Ohne Auto "
        "ist man hier aufgeschmissen.",
        "Ich wünsche mir eine bessere Anbindung der Dörfer im Ried an den Bahnhof Groß-Gerau. "
        "Der letzte Bus fährt um 19 Uhr, danach geht nichts mehr.",
        "Die Reaktivierung der Bahnstrecke nach Reinheim muss in den Regionalplan. Nur mit "
        "einem guten Zugangebot lassen die Menschen das Auto stehen.",
        "Als Schülerin bin ich auf den Bus angewiesen. Die Verbindungen sind so schlecht, "
        "dass ich für 12 Kilometer über eine Stunde brauche.",
        "Neue Baugebiete werden ausgewiesen, aber an Busse und Bahnen denkt niemand. Jede "
        "neue Siedlung braucht von Anfang an einen Anschluss an den Nahverkehr.",
        "Bitte sorgen Sie für einen Takt von mindestens 30 Minuten auf der Buslinie "
        "zwischen Bensheim und Lindenfels, auch abends und am Sonntag.",
        "Für ältere Menschen auf dem Land ist der öffentliche Nahverkehr lebenswichtig. "
        "Ein Anrufsammeltaxi oder On-Demand-Verkehr wäre ein Anfang.",
        "Die S-Bahn nach Frankfurt ist im Berufsverkehr völlig überfüllt. Es braucht längere "
        "Züge und einen dichteren Takt, bevor weitere Wohngebiete entstehen.",
    ],
    "flaechenverbrauch": [
        "Es wird immer mehr Ackerland zubetoniert. Die fruchtbaren Böden der Wetterau und "
        "des Rieds sollten für die Lebensmittelerzeugung erhalten bleiben.",
        "Als Landwirt verliere ich durch das neue Gewerbegebiet ein Drittel meiner Flächen. "
        "Mein Betrieb wäre damit nicht mehr wirtschaftlich.",
        "Bevor neue Baugebiete auf der grünen Wiese entstehen, sollten leerstehende "
        "Gebäude und Brachflächen in den Ortskernen genutzt werden.",
        "Die Versiegelung von Böden schreitet in Südhessen ungebremst voran. Der "
        "Regionalplan muss dem endlich eine klare Obergrenze setzen.",
        "Warum werden schon wieder Felder für Logistikhallen geopfert? Diese Hallen schaffen "
        "kaum Arbeitsplätze, verbrauchen aber riesige Flächen.",
        "Unsere Äcker sind kein Bauland in Wartestellung. Ich bitte darum, den Umfang der "
        "neuen Siedlungs- und Gewerbeflächen deutlich zu verringern.",
        "Jeder Hektar, der bebaut wird, fehlt für Landwirtschaft, Grundwasserneubildung und "
        "Artenvielfalt. Innen- vor Außenentwicklung muss konsequent gelten.",
        "Die Bodengüte im Plangebiet ist hervorragend. Solche Böden lassen sich nicht "
        "ersetzen, und Ausgleichsmaßnahmen auf dem Papier ändern daran nichts.",
    ],
    "radwege": [
        "Zwischen Pfungstadt und Eschollbrücken fehlt ein Radweg. Auf der Landstraße mit "
        "Tempo 100 ist Radfahren lebensgefährlich.",
        "Ich fahre täglich mit dem Rad nach Darmstadt zur Arbeit. Die Wege sind schmal, "
        "voller Wurzelaufbrüche und enden oft im Nichts.",
        "Bitte planen Sie ein zusammenhängendes Netz von Radwegen zwischen den Gemeinden, "
        "damit auch Kinder sicher mit dem Fahrrad zur Schule kommen.",
        "Für E-Bikes und Lastenräder sind die bestehenden Radwege zu eng. Es braucht "
        "breitere, getrennte Wege abseits der Autos.",
        "An den Bahnhöfen fehlen sichere Fahrradabstellanlagen. Wer mit dem Rad zum Zug "
        "fährt, muss sein Rad heute an einen Zaun ketten.",
        "Der Radverkehr wird im Regionalplan nur am Rande behandelt. Ich wünsche mir eigene "
        "Vorranggebiete für überörtliche Radverbindungen.",
        "Die Lücke im Radweg entlang der B 3 bei Zwingenberg zwingt Radfahrer auf die "
        "Bundesstraße. Das muss dringend geschlossen werden.",
    ],
    "hochwasser": [
        "Das geplante Baugebiet liegt im Überschwemmungsgebiet der Modau. Beim letzten "
        "Hochwasser stand dort das Wasser knietief.",
        "Ich halte es für unverantwortlich, in der Rheinniederung neue Wohngebiete "
        "auszuweisen. Bei einem Deichbruch wären tausende Menschen gefährdet.",
        "Nach den Starkregen der letzten Jahre liefen bei uns die Keller voll. Jede weitere "
        "Versiegelung oberhalb des Ortes verschärft das Problem.",
        "Die Retentionsflächen an der Gersprenz müssen erhalten bleiben. Wo sonst soll das "
        "Wasser bei Hochwasser hin?",
        "Bitte berücksichtigen Sie die neuen Hochwassergefahrenkarten. Ein Teil der "
        "vorgesehenen Siedlungsfläche liegt im Risikogebiet.",
        "Mein Haus liegt am Bach unterhalb des geplanten Gewerbegebiets. Ich fürchte, dass "
        "das Regenwasser von den versiegelten Flächen künftig bei uns landet.",
        "Flussauen sind natürliche Überflutungsräume. Dort darf nicht gebaut werden, auch "
        "wenn Bauland knapp ist.",
    ],
    "wohnraum": [
        "In Darmstadt findet eine normale Familie kaum noch eine bezahlbare Wohnung. Es "
        "müssen mehr Flächen für den Wohnungsbau ausgewiesen werden.",
        "Ich bin Krankenpfleger und kann mir die Miete in der Nähe meines Arbeitsplatzes "
        "nicht mehr leisten. Wir brauchen mehr geförderten Wohnraum.",
        "Statt immer neuer Einfamilienhausgebiete sollten Flächen für Mehrfamilienhäuser "
        "und Genossenschaften vorgesehen werden, damit Wohnen bezahlbar bleibt.",
        "Junge Leute ziehen aus unserem Dorf weg, weil es keine kleinen Mietwohnungen gibt. "
        "Die Gemeinde sollte Bauland für günstigen Wohnraum bekommen.",
        "Die Mieten im Rhein-Main-Gebiet steigen Jahr für Jahr. Der Regionalplan muss "
        "genug Wohnbauflächen sichern, sonst wird das Problem noch größer.",
        "Bitte verpflichten Sie die Kommunen, in neuen Baugebieten einen festen Anteil "
        "Sozialwohnungen vorzusehen.",
    ],
    "wind_trinkwasser": [
        "Windräder haben in Wasserschutzgebieten nichts zu suchen. Unser Trinkwasser ist "
        "wichtiger als jeder Stromertrag.",
        "Ich sorge mich um das Grundwasser: Beim Bau der Fundamente und der Zufahrten "
        "im Wald können Schadstoffe in die Quellen gelangen.",
        "Aus dem Wald bei Lampertheim kommt das Wasser für die halbe Bergstraße. Dort "
        "Windkraftanlagen zu bauen, ist ein unnötiges Risiko.",
        "Bitte schließen Sie alle Flächen in den Schutzzonen I und II der Trinkwassergewinnung "
        "von der Windenergie aus.",
        "Ein einziger Havariefall mit austretendem Getriebeöl könnte den Brunnen unserer "
        "Gemeinde auf Jahre unbrauchbar machen.",
        "Die Wasserversorger haben vor Windparks über den Brunnenfeldern gewarnt. Diese "
        "Warnungen müssen in der Abwägung Gewicht haben.",
    ],
}

UNRELATED = [
    "Auf Seite 34 der Begründung ist die Legende der Karte 3 vertauscht: Grün steht dort "
    "für Siedlung und Rot für Wald.",
    "Ich bitte um Zusendung der Planunterlagen in Papierform, da ich keinen Drucker besitze.",
    "Der Friedhof in Nieder-Ramstadt braucht dringend eine Erweiterungsfläche. Bitte "
    "berücksichtigen Sie das bei der Abgrenzung des Siedlungsgebiets.",
    "Der Segelflugplatz am Bauschheimer Wiesen sollte im Plan als Sonderfläche für "
    "Luftsport gesichert werden.",
    "Ich schlage vor, im ehemaligen Kasernengelände in Babenhausen einen Solarpark "
    "vorzusehen statt neue Flächen im Außenbereich zu belegen.",
    "Die Beteiligung über das Portal war einfach und verständlich. Vielen Dank dafür.",
    "Der Regionalplan sollte die Versorgung mit Hausärzten auf dem Land als Ziel aufnehmen. "
    "In unserer Gemeinde gibt es seit einem Jahr keine Praxis mehr.",
    "Für den Kiesabbau bei Hähnlein werden im Plan zu große Flächen vorgesehen. Der "
    "Baggersee wird ohnehin schon jedes Jahr größer.",
    "Ich vermisse Aussagen zur Breitbandversorgung. Ohne schnelles Internet können sich "
    "keine Betriebe im ländlichen Raum ansiedeln.",
    'Die Schrebergartenanlage "Am Weiher" ist in der Karte als Wohnbaufläche dargestellt. '
    "Ist das ein Versehen?",
    "Im Kapitel Einzelhandel fehlt der geplante Lebensmittelmarkt in Modautal, der für die "
    "Nahversorgung der Ortsteile wichtig wäre.",
    "Bitte verlängern Sie die Frist für Stellungnahmen, da die Unterlagen sehr umfangreich "
    "sind und in die Sommerferien fallen.",
    "Die Steinbrüche im Odenwald sollten nach dem Ende des Abbaus für Naturschutz und "
    "Naherholung genutzt werden.",
    "Der Golfplatz bei Riedstadt verbraucht im Sommer enorme Mengen Wasser zur Beregnung. "
    "Das sollte der Plan kritisch sehen.",
    "Ich rege an, Dachflächen von Gewerbebauten verpflichtend für Photovoltaik zu nutzen.",
    "Das Kartenmaterial ist für Menschen mit Sehbehinderung kaum nutzbar. Bitte bieten Sie "
    "eine barrierefreie Fassung an.",
    "Der Standort für das neue Feuerwehrhaus in Reichelsheim sollte im Plan gesichert werden.",
    "Die Pferdehaltung im Außenbereich nimmt zu. Der Plan sollte Regeln für Reitanlagen und "
    "Koppeln enthalten.",
    "Im Bereich der alten Ziegelei in Dieburg gibt es Altlasten. Vor einer Bebauung muss "
    "der Boden untersucht werden.",
    "Ich wünsche mir mehr öffentliche Toiletten an Wanderparkplätzen im Naturpark.",
    "Der Campingplatz am Erlensee sollte erweitert werden dürfen, um den Tourismus zu stärken.",
    "Bitte nennen Sie in der Begründung die Quellen der verwendeten Bevölkerungsprognose.",
    "Die Ansiedlung eines Rechenzentrums in Groß-Gerau sollte wegen des hohen Strom- und "
    "Wasserbedarfs sorgfältig geprüft werden.",
    "Unser Sportverein braucht ein zusätzliches Spielfeld. Eine kleine Fläche am Sportplatz "
    "müsste dafür aus dem Grünzug genommen werden.",
    "Der Plan sollte Standorte für Wasserstoff-Tankstellen an den Autobahnen vorsehen.",
    "Ich habe eine Frage zum Verfahren: Wird meine Stellungnahme veröffentlicht, und wird "
    "mein Name dabei genannt?",
    "Im Bereich der Burg Frankenstein sollten keine weiteren Parkplätze gebaut werden, der "
    "Wald leidet schon heute unter den Besucherströmen.",
    "Die Streuobstwiesen am Ortsrand von Roßdorf sind ein wertvolles Kulturgut und sollten "
    "als Vorbehaltsgebiet für Natur und Landschaft dargestellt werden.",
    "Es fehlt eine Aussage zur Zukunft des Flughafens Egelsbach und zum Fluglärm über den "
    "umliegenden Gemeinden.",
    "Die Darstellung der Gemeindegrenzen in der Karte ist teilweise veraltet, etwa bei "
    "Otzberg und Groß-Umstadt.",
    "Bitte sehen Sie Flächen für Pflegeheime und betreutes Wohnen in den kleineren "
    "Gemeinden vor, damit alte Menschen in ihrem Ort bleiben können.",
    "Ich finde, der Plan sollte den Weinbau an der Bergstraße als landschaftsprägende "
    "Nutzung besonders schützen.",
    "Die Zahl der Ladesäulen für Elektroautos in den Dörfern ist viel zu gering.",
    "Für Schülerinnen und Schüler sollte eine vereinfachte Fassung des Plans in Leichter "
    "Sprache angeboten werden.",
    "Das Hallenbad in Michelstadt ist von der Schließung bedroht. Der Plan sollte "
    "Schwimmbäder als Teil der Grundversorgung sehen.",
    "Die Lichtverschmutzung durch beleuchtete Werbeanlagen an den Gewerbegebieten stört "
    "Insekten und Anwohner gleichermaßen.",
    "Ich rege an, den Naturpark Bergstraße-Odenwald um das Gebiet des Weschnitztals zu erweitern.",
    "Die geplante Stromtrasse SuedLink wird im Plan gar nicht erwähnt. Wie verläuft sie "
    "durch unseren Kreis?",
    "Bitte erklären Sie den Unterschied zwischen Vorranggebiet und Vorbehaltsgebiet in "
    "einfachen Worten.",
    "Wir betreiben einen Biohof und möchten eine Hofstelle im Außenbereich errichten. Wäre "
    "das nach dem neuen Plan möglich?",
    "Der Waldkindergarten in Mühltal benötigt eine dauerhafte Genehmigung für seinen "
    "Bauwagen im Wald.",
    "Ich lehne die Erhöhung der Grundsteuer ab, die mit den neuen Baugebieten angeblich "
    "verbunden ist.",
]
