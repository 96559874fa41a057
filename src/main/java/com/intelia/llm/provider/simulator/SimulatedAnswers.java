package com.intelia.llm.provider.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Plausible, clearly simulated poultry-production answers, in the language of the
 * question. The same question always gets the same answer.
 */
final class SimulatedAnswers {

	private static final Pattern FRENCH = Pattern.compile(
			"[éèêàçùôî]|\\b(le|la|les|des|du|un|une|est|sont|mes|mon|quelle?s?|pourquoi|comment|combien|poulets?|poules?|dindes?|je|nous|vous|avec|pour|dans|jours?)\\b");

	private static final Pattern ENGLISH = Pattern
		.compile("\\b(the|is|are|my|what|why|how|which|chicks?|birds?|hens?|with|for|in|days?|should|do|does)\\b");

	private record Topic(List<String> keywords, String english, String french) {
	}

	private static final List<Topic> TOPICS = List.of(new Topic(
			List.of("mortal", "mort", "death", "dead", "dying", "perte", "loss"),
			"Early broiler mortality should stay at or below about 1% by day 7, and 4-5% over the whole flock is typical. Check first: chick spread under the brooders, floor and air temperature, water flow and nipple height, and crop fill at 24 hours. Report poor chicks to the hatchery and call your veterinarian if losses keep rising.",
			"La mortalité des poulets doit rester autour de 1 % ou moins à 7 jours, et 4 à 5 % sur le lot est courant. Vérifiez d'abord la répartition des poussins, la température du sol et de l'air, le débit et la hauteur des pipettes, et le remplissage du jabot à 24 heures. Signalez les poussins de mauvaise qualité au couvoir et appelez votre vétérinaire si les pertes augmentent."),
			new Topic(List.of("temp", "chauff", "brood", "démarrage", "froid", "cold", "heat", "chaud"),
					"Pre-heat so the litter is about 30 °C at placement, then follow your strain guide as the birds grow. Watch behaviour first: huddling means cold or draughts, panting means too hot, evenly spread chicks are comfortable. Lower the temperature gradually and keep relative humidity between roughly 50 and 70%.",
					"Préchauffez pour que la litière soit à environ 30 °C à la mise en place, puis suivez le guide de votre souche. Observez d'abord le comportement : des poussins regroupés ont froid ou subissent un courant d'air, des poussins haletants ont trop chaud, des poussins bien répartis sont à l'aise. Baissez la température progressivement et gardez une humidité relative d'environ 50 à 70 %."),
			new Topic(List.of("eau", "water", "drink", "abreuv", "pipette", "nipple"),
					"Birds drink roughly 1.6 to 2 times as much water as feed by weight, and more in hot weather. Check nipple height and flow every day, count about one nipple per 10-12 birds, and test water quality for bacteria, pH and nitrates. A sudden drop in water intake is often the first sign of a problem.",
					"Les volailles boivent environ 1,6 à 2 fois plus d'eau que d'aliment en poids, davantage par forte chaleur. Contrôlez chaque jour la hauteur et le débit des pipettes, comptez environ une pipette pour 10 à 12 oiseaux, et faites analyser l'eau (bactéries, pH, nitrates). Une baisse soudaine de la consommation d'eau est souvent le premier signe d'un problème."),
			new Topic(List.of("lumi", "éclair", "light", "programme", "dark", "obscur"),
					"In the EU, broilers need a 24-hour rhythm with at least 6 hours of darkness from day 7, including one uninterrupted block of at least 4 hours. Change lighting programmes gradually. For layers, never shorten the day during lay. Follow your strain guide for intensity and day length.",
					"Dans l'UE, les poulets de chair doivent avoir un rythme de 24 heures avec au moins 6 heures d'obscurité à partir de 7 jours, dont une période continue d'au moins 4 heures. Modifiez les programmes lumineux progressivement. Chez les pondeuses, ne raccourcissez jamais la durée du jour en ponte. Suivez le guide de votre souche pour l'intensité."),
			new Topic(List.of("litière", "litter", "ammoni", "humid"),
					"Wet litter raises ammonia and footpad lesions. Check drinker leaks, ventilation and stocking density first, and keep ammonia below about 20 ppm at bird height. Add fresh litter where it cakes and review the minimum ventilation rate.",
					"Une litière humide augmente l'ammoniac et les lésions des pattes. Vérifiez d'abord les fuites des abreuvoirs, la ventilation et la densité, et gardez l'ammoniac sous environ 20 ppm à hauteur des oiseaux. Rajoutez de la litière là où elle croûte et revoyez la ventilation minimale."),
			new Topic(List.of("biosécu", "biosecur", "désinfect", "disinfect", "vide sanitaire", "hygiène", "hygiene"),
					"Keep one entry point with a change of boots and clothing, a visitor log, and control of rodents and wild birds. Clean, then disinfect, then leave the house empty before the next flock. Any sudden rise in mortality or drop in water or feed intake should be reported to your veterinarian at once.",
					"Gardez une seule entrée avec changement de bottes et de tenue, un registre des visiteurs, et la lutte contre les rongeurs et les oiseaux sauvages. Nettoyez, puis désinfectez, puis respectez le vide sanitaire avant le lot suivant. Toute hausse brutale de la mortalité ou baisse de consommation doit être signalée à votre vétérinaire sans délai."),
			new Topic(List.of("malad", "disease", "symptom", "toux", "cough", "diarr", "sick"),
					"Note the signs, their start and how many birds are affected, then call your veterinarian for a diagnosis. Do not start any medication without a prescription, and respect withdrawal periods and antibiotic rules. Meanwhile check water, feed, temperature and ventilation, and isolate sick birds if you can.",
					"Notez les signes, leur début et le nombre d'oiseaux touchés, puis appelez votre vétérinaire pour un diagnostic. Ne commencez aucun traitement sans prescription et respectez les délais d'attente et les règles sur les antibiotiques. En attendant, vérifiez l'eau, l'aliment, la température et la ventilation, et isolez les oiseaux malades si possible."),
			new Topic(
					List.of("fcr", "indice", "conversion", "epef", "uniform", "poids", "weight", "gmq", "performance"),
					"Feed conversion ratio is feed eaten divided by live weight gained; EPEF combines liveability, weight, age and FCR. Compare with your strain's targets at the same age, weigh a sample of birds weekly to follow uniformity, and look at feed quality, temperature and health when FCR drifts.",
					"L'indice de consommation est l'aliment consommé divisé par le gain de poids vif ; l'EPEF combine viabilité, poids, âge et IC. Comparez aux objectifs de votre souche au même âge, pesez un échantillon chaque semaine pour suivre l'homogénéité, et examinez l'aliment, la température et la santé quand l'IC dérive."));

	private static final Topic GENERAL = new Topic(List.of(),
			"I can help with poultry production: brooding, ventilation, water and feed, lighting, litter, biosecurity, disease signs and performance indicators. Tell me the species, the age of the flock and what you observe, and I will suggest practical checks.",
			"Je peux vous aider en production avicole : démarrage, ventilation, eau et aliment, éclairage, litière, biosécurité, signes de maladie et indicateurs de performance. Indiquez l'espèce, l'âge du lot et ce que vous observez, et je vous proposerai des vérifications concrètes.");

	private static final Map<Boolean, String> PREFIX = Map.of(true, "[Réponse simulée] ", false, "[Simulated answer] ");

	private SimulatedAnswers() {
	}

	/** Whether the text reads as French rather than English. */
	static boolean isFrench(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		return count(FRENCH, lower) > count(ENGLISH, lower);
	}

	/** The answer to a question. */
	static String answer(String question) {
		boolean french = isFrench(question);
		String lower = question.toLowerCase(Locale.ROOT);
		Topic topic = TOPICS.stream()
			.filter((candidate) -> candidate.keywords().stream().anyMatch(lower::contains))
			.findFirst()
			.orElse(GENERAL);
		return PREFIX.get(french) + (french ? topic.french() : topic.english());
	}

	/** The answer after a tool has run, quoting its result. */
	static String afterTool(String question, String toolResult) {
		boolean french = isFrench(question);
		String result = (toolResult.length() > 200) ? toolResult.substring(0, 200) + "…" : toolResult;
		return PREFIX.get(french) + (french ? "D'après le résultat de l'outil : " : "Based on the tool result: ")
				+ result;
	}

	private static long count(Pattern pattern, String text) {
		return pattern.matcher(text).results().count();
	}

}
