package benchdata

import "casusoverleg/conference"

// The region: the partner organisations of a Zorg- en Veiligheidshuis in
// north-east Brabant. Beyond this list, organisations are numbered wijkteams.
var orgSpecs = []struct {
	name string
	kind conference.OrgKind
}{
	{"Zorg- en Veiligheidshuis Brabant Noordoost", conference.OrgOther},
	{"Gemeente Oss", conference.OrgGemeente},
	{"Gemeente 's-Hertogenbosch", conference.OrgGemeente},
	{"Gemeente Meierijstad", conference.OrgGemeente},
	{"Gemeente Maashorst", conference.OrgGemeente},
	{"Gemeente Land van Cuijk", conference.OrgGemeente},
	{"Gemeente Bernheze", conference.OrgGemeente},
	{"Politie basisteam Maas en Leijgraaf", conference.OrgPolitie},
	{"Politie basisteam 's-Hertogenbosch", conference.OrgPolitie},
	{"Politie basisteam Meierijstad", conference.OrgPolitie},
	{"Openbaar Ministerie Oost-Brabant", conference.OrgOM},
	{"Reclassering Nederland, unit Den Bosch", conference.OrgReclassering},
	{"Leger des Heils Jeugdzorg & Reclassering", conference.OrgReclassering},
	{"Verslavingsreclassering Novadic-Kentron", conference.OrgReclassering},
	{"Raad voor de Kinderbescherming", conference.OrgRvdK},
	{"Veilig Thuis Brabant Noordoost", conference.OrgVeiligThuis},
	{"GGZ Oost Brabant", conference.OrgGGZ},
	{"Reinier van Arkel", conference.OrgGGZ},
	{"Novadic-Kentron verslavingszorg", conference.OrgGGZ},
	{"Sociaal wijkteam Oss", conference.OrgWijkteam},
	{"Sociaal wijkteam 's-Hertogenbosch", conference.OrgWijkteam},
	{"Sociaal wijkteam Meierijstad", conference.OrgWijkteam},
	{"Sociaal wijkteam Maashorst", conference.OrgWijkteam},
	{"SAVE-team Brabant Noordoost", conference.OrgSAVE},
	{"BrabantWonen", conference.OrgWoningcorporatie},
	{"Zayaz", conference.OrgWoningcorporatie},
	{"Area wonen", conference.OrgWoningcorporatie},
	{"Mooiland", conference.OrgWoningcorporatie},
	{"Jeugdbescherming Brabant", conference.OrgOther},
	{"Dienst Justitiële Inrichtingen, PI Vught", conference.OrgOther},
}

// seriesSpecs are the meeting series; themes say which cases each discusses.
var seriesSpecs = []struct {
	name, location string
	weekday        int // days after Monday
	hour, minute   int
	themes         []conference.Theme
}{
	{"Justitieel casusoverleg Brabant Noordoost", "Zorg- en Veiligheidshuis, 's-Hertogenbosch", 0, 9, 30,
		[]conference.Theme{conference.ThemeCare, conference.ThemeReturn}},
	{"Casusoverleg huiselijk geweld", "Veilig Thuis, 's-Hertogenbosch", 1, 10, 0,
		[]conference.Theme{conference.ThemeDomestic}},
	{"Nazorg ex-gedetineerden", "Gemeentehuis Oss, zaal 2.14", 2, 11, 30,
		[]conference.Theme{conference.ThemeReturn}},
	{"Persoonsgerichte aanpak Top X", "Politiebureau Oss", 3, 9, 0,
		[]conference.Theme{conference.ThemeHighImpact}},
	{"Radicalisering en polarisatie", "Zorg- en Veiligheidshuis, 's-Hertogenbosch", 3, 14, 0,
		[]conference.Theme{conference.ThemeRadicalisation}},
	{"Jeugd en veiligheid", "Gemeentehuis Veghel", 4, 9, 30,
		[]conference.Theme{conference.ThemeYouth}},
}

// areas are PC4 areas with their neighbourhood.
var areas = []struct{ pc4, name string }{
	{"5341", "Oss Centrum"}, {"5342", "Schadewijk"}, {"5343", "Ruwaard"}, {"5344", "Oss-Zuid"},
	{"5345", "Krinkelhoek"}, {"5346", "Oss-West"}, {"5348", "Ussen"}, {"5351", "Berghem"},
	{"5211", "'s-Hertogenbosch Centrum"}, {"5212", "De Muntel"}, {"5213", "De Hambaken"}, {"5221", "Graafsewijk"},
	{"5223", "Kruiskamp"}, {"5224", "Maaspoort"}, {"5231", "Empel"}, {"5241", "Rosmalen"},
	{"5461", "Veghel Centrum"}, {"5463", "Veghel-Noord"}, {"5482", "Schijndel"}, {"5491", "Sint-Oedenrode"},
	{"5401", "Uden Centrum"}, {"5404", "Uden-Zuid"}, {"5431", "Cuijk"}, {"5831", "Boxmeer"},
	{"5371", "Ravenstein"}, {"5384", "Heesch"}, {"5397", "Nistelrode"}, {"5473", "Heeswijk-Dinther"},
}

var firstNames = []string{"Anouk", "Bas", "Daan", "Emma", "Fatima", "Fleur", "Hamza", "Ilse", "Jeroen", "Julia",
	"Kees", "Lotte", "Marieke", "Mohamed", "Noor", "Priya", "Ruud", "Sanne", "Sem", "Tom", "Yara", "Zeynep",
	"Ahmed", "Bram", "Chantal", "Dewi", "Esra", "Gijs", "Hanneke", "Jasper"}

var lastNames = []string{"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smits", "Meijer", "de Boer",
	"Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "El Amrani", "Yilmaz",
	"Verhoeven", "van der Heijden", "Willems", "Kuipers", "Çelik", "Schouten", "van Leeuwen", "Maas"}

var initials = []string{"A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "I.", "J.", "K.", "L.", "M.", "N.", "O.",
	"P.", "R.", "S.", "T.", "W.", "Y.", "Z."}

var familyInitials = []string{"de B.", "v. D.", "K.", "de G.", "M.", "S.", "v. L.", "B.", "E.", "Y.", "H.", "de W."}

// summaries per theme: what a referral says about the person or family.
var summaries = map[conference.Theme][]string{
	conference.ThemeReturn: {
		"Komt binnen zes weken vrij na detentie. Huisvesting en werk nog niet geregeld; slachtoffer woont in dezelfde wijk.",
		"Terugkeer na langdurige detentie. ID-bewijs en zorgverzekering moeten voor ontslag geregeld zijn; schulden onbekend.",
		"Verlof wordt voorbereid. Netwerk beperkt, eerdere terugval in middelengebruik na vrijlating.",
	},
	conference.ThemeDomestic: {
		"Herhaald huiselijk geweld; vader onder toezicht reclassering. Afstemmen wat veilig voor dit gezin betekent.",
		"Melding via school en huisarts. Moeder wil hulp, partner houdt zich niet aan het tijdelijk huisverbod.",
		"Escalerende conflicten na scheiding; kinderen zien het geweld. Omgangsregeling staat onder druk.",
	},
	conference.ThemeRadicalisation: {
		"Signalen van radicalisering via school en buurtbewoners. Eerste bespreking; beeld nog onvolledig.",
		"Deelt extremistische content online; familie maakt zich zorgen. Zoekt contact met bekende ronselaars.",
	},
	conference.ThemeHighImpact: {
		"Top X-kandidaat: meerdere woninginbraken en een straatroof. Persoonsgerichte aanpak; meldplicht besproken.",
		"Veelpleger in de wijk; overvallen en bedreiging. Schulden bij criminele netwerk vermoed.",
	},
	conference.ThemeYouth: {
		"Jongeren betrokken bij overlast rond het winkelcentrum; thuissituatie onduidelijk.",
		"Minderjarige verdacht van drugskoeriersactiviteiten; schoolverzuim sinds maanden.",
		"Groep jongeren intimideert buurtbewoners; een van hen is slachtoffer van uitbuiting.",
	},
	conference.ThemeCare: {
		"Woonoverlast en verward gedrag; zorgmijdend. Huurachterstand opgelopen, ontruiming dreigt.",
		"Ernstige vervuiling van de woning en agressie naar buren. Eerdere opname GGZ, medicatie gestopt.",
		"Verslaving en dakloosheid; veel politiecontacten in het centrum. Zorg sluit niet aan.",
	},
}

var recordSummaries = []string{
	"Partners delen de informatie die voor de aanpak nodig is. Het beeld is dat de risico's afnemen zolang de begeleiding doorloopt; de woonsituatie blijft de zwakke plek.",
	"De reclassering meldt dat de meldplicht wordt nageleefd. De wijkagent ziet minder overlast. De gemeente zoekt een passende woning via de urgentieregeling.",
	"Veilig Thuis heeft het gezin gesproken; er zijn afspraken over veiligheid gemaakt. De school ziet verbetering, de jeugdbescherming blijft betrokken.",
	"Casusregisseur schetst het verloop sinds het vorige overleg. Zorg is gestart maar de cliënt komt afspraken wisselend na; partners spreken af samen op te trekken.",
	"Het OM licht de strafzaak toe. Zitting is gepland; tot die tijd blijft het contactverbod van kracht. Slachtofferzorg is ingeschakeld.",
}

var decisionTexts = []string{
	"Het plan van aanpak wordt vastgesteld: de casusregisseur coördineert, partners leveren hun deel binnen de afgesproken termijn.",
	"De partners houden het huidige toezicht aan en evalueren over vier weken in dit overleg.",
	"Er wordt ingezet op vrijwillige zorg; bij weigering wordt een zorgmachtiging voorbereid.",
	"De woningcorporatie stelt de ontruiming uit zolang de begeleiding loopt en de huur wordt betaald.",
	"De casus wordt afgeschaald naar het reguliere wijkteam; monitoring via de casusregisseur.",
}

var actionTexts = []string{
	"Huisbezoek afleggen en de uitkomst terugkoppelen aan de casusregisseur",
	"Schuldhulpverlening aanvragen en een intakegesprek plannen",
	"Contact opnemen met de huisarts over medicatie en zorgmijding",
	"Woningaanbod via de urgentieregeling voorleggen",
	"Risicotaxatie actualiseren en delen met de betrokken partners",
	"Gesprek met school over verzuim en begeleiding",
	"Meldplicht afstemmen met de wijkagent",
}

var mandateScopes = []string{
	"Bij een nieuwe melding van geweld direct een tijdelijk huisverbod voorbereiden en de partners informeren",
	"Bij terugval direct een crisisopname via de GGZ regelen, zonder eerst dit overleg bijeen te roepen",
	"Bij overlast direct een gesprek met de cliënt en de verhuurder voeren en zo nodig een gedragsaanwijzing geven",
}

var generalTitles = []string{"Opening en mededelingen", "Rondvraag en afsluiting", "Signalen uit de wijken", "Evaluatie werkwijze"}
