/// The preset DEFLATE dictionary of token format 1: words that recur in health records,
/// so that even a short record compresses. It is part of the format: changing one byte
/// makes a new format version. zlib matches against the end of a dictionary best, so the
/// most common strings come last.
public enum CompressionDictionary {
    /// Dictionary version 1, used by `MS1:` tokens.
    public static let version1: [UInt8] = Array(text.utf8)

    private static let text = """
    Rifampicin Amiodarone Carbamazepine Phenytoin Levetiracetam Valproate Lamotrigine \
    Prednisolone Hydrocortisone Methotrexate Tacrolimus Ciclosporin Lithium Digoxin \
    Amlodipine Lisinopril Ramipril Bisoprolol Metoprolol Atorvastatin Simvastatin \
    Levothyroxine Omeprazole Pantoprazole Salbutamol inhaler Furosemide Spironolactone \
    Sertraline Fluoxetine Ibuprofen Paracetamol Naproxen Morphine Codeine Tramadol \
    Latex Iodine contrast Shellfish Tree nuts Sesame Egg Milk Wheat Soy Fish Bee sting \
    Wasp venom Sulfonamides Sulfa drugs Cephalosporins Amoxicillin Aspirin NSAIDs \
    angioedema bronchospasm wheezing swelling nausea vomiting itching urticaria \
    Type 1 diabetes Type 2 diabetes Epilepsy Asthma COPD Hypertension Heart failure \
    Atrial fibrillation Chronic kidney disease Coronary artery disease Myocardial infarction \
    Stroke Hypothyroidism Sickle cell disease Haemophilia Hemophilia Addison's disease \
    Dementia Pregnancy Cystic fibrosis Multiple sclerosis Parkinson's disease \
    Insulin pump Cochlear implant Implantable cardioverter-defibrillator ICD Stent \
    Mechanical heart valve Hip replacement Knee replacement Metal implant MRI conditional \
    MRI unsafe MRI safe Pacemaker Shunt Port Do not resuscitate Living will \
    Power of attorney Organ donor Allow natural death No blood transfusion Jehovah's Witness \
    Mother Father Spouse Husband Wife Partner Daughter Son Sister Brother Friend Guardian \
    Caregiver Neighbour mg twice daily once daily three times daily as needed at night \
    units subcutaneous inhaled tablet morning evening Insulin glargine Insulin lispro \
    Metformin Warfarin Apixaban Rivaroxaban Dabigatran Edoxaban Clopidogrel Heparin \
    Enoxaparin anticoagulant blood thinner EpiPen adrenaline auto-injector epinephrine \
    Hepatitis A Hepatitis B Human papillomavirus Rotavirus Varicella Pneumococcal \
    Meningococcal Influenza Tetanus Diphtheria Pertussis Poliomyelitis Rabies Typhoid \
    Yellow fever Stamaril Measles Mumps Rubella MMR II Priorix M-M-R II Merck Sharp & Dohme \
    GlaxoSmithKline Sanofi Pasteur Sanofi Novavax AstraZeneca Janssen Johnson & Johnson \
    Moderna Spikevax Comirnaty Pfizer BioNTech Manufacturing GmbH COVID-19 \
    Clinic Hospital Medical Centre Health Center Pharmacy Department of Health \
    reaction Anaphylaxis Hives Rash Penicillin Peanut
    """
}
