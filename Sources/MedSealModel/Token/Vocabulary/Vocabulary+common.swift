extension ClinicalVocabulary {
    /// The words of every record, whatever it is about, in English, Spanish, French, German
    /// and Portuguese: articles, prepositions, numbers in words, units, times of day and
    /// frequencies, the record's own fixed values (sex, severity). Coded with the short index.
    static let commonWords = """
    the;of;and;a;an;in;on;at;to;for;with;without;no;not;if;or;per;by;as;is;are;be;do;from;after;before;every;each;when;then;only;also;may;can;has;have;take;give;use;call;keep;stop;do not;
    daily;a day;per day;day;days;once;twice;three times;four times;times;morning;in the morning;evening;in the evening;night;at night;at bedtime;bedtime;noon;lunch;breakfast;dinner;meals;with food;hours;hour;every;week;weeks;weekly;month;monthly;year;years;as needed;when needed;if needed;one;two;three;four;five;half;
    mg;mcg;µg;ml;units;unit;iu;micrograms;microgram;milligrams;milligram;grams;gram;millilitres;milliliters;litres;liters;microgramos;miligramos;gramos;mililitros;microgrammes;milligrammes;grammes;millilitres;mikrogramm;milligramm;gramm;milliliter;microgramas;miligramas;gramas;mililitros;tablet;tablets;capsule;capsules;puff;puffs;drops;sachet;patch;injection;inhaler;spray;dose;doses;left;right;both;
    male;female;other;unknown;low;high;
    de;la;el;los;las;del;y;e;en;con;sin;por;para;al;a la;cada;día;al día;días;vez;veces;una vez;dos veces;tres veces;horas;mañana;por la mañana;noche;por la noche;tarde;antes;después;desayuno;comida;cena;comprimido;comprimidos;cápsula;unidades;gotas;si;no;su;sus;un;una;uno;dos;tres;cuatro;semana;semanas;mes;meses;año;años;según;pauta;necesario;si es necesario;
    le;les;des;du;et;au;aux;par;pour;avec;sans;jour;par jour;jours;fois;matin;le matin;soir;le soir;midi;nuit;coucher;au coucher;heures;heure;semaine;mois;an;ans;pas;ne;ni;si;sous;selon;en cas de;comprimé;comprimés;gélule;gouttes;unités;une;un;deux;trois;quatre;avant;après;repas;petit-déjeuner;
    der;die;das;den;dem;des;und;oder;mit;ohne;bei;nach;vor;zur;zum;im;in;am;an;auf;für;von;zu;ist;nicht;kein;keine;täglich;morgens;mittags;abends;nachts;zur nacht;tag;tage;tägl;stunden;stunde;woche;wochen;monat;monate;jahr;jahre;tablette;tabletten;kapsel;tropfen;einheiten;hub;hübe;bedarf;bei bedarf;ein;eine;einer;zwei;drei;vier;mal;einmal;zweimal;dreimal;vor dem;nach dem;frühstück;essen;
    da;do;das;dos;em;no;na;nos;nas;com;sem;ao;à;aos;dia;por dia;vez;vezes;uma vez;duas vezes;três vezes;manhã;de manhã;noite;à noite;tarde;ao deitar;almoço;jantar;pequeno-almoço;café da manhã;comprimido;comprimidos;unidades;gotas;se;não;um;uma;dois;duas;três;quatro;semana;semanas;mês;meses;ano;anos;conforme;antes;depois;em caso de;
    """
}
